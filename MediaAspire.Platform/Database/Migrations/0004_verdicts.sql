-- What a job was asked to do beyond its kind and asset (e.g. a classify job's keyframe bounds).
ALTER TABLE jobs ADD COLUMN parameters jsonb;

-- Verdicts: one per asset and classifier model version. A new model version classifies again (backfill)
-- while the verdicts of the old one stay readable. The whole classification (keyframes, scenes, timings)
-- is kept as written; the columns are what lists and filters need.
CREATE TABLE verdicts (
    asset_id        uuid             NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    model           text             NOT NULL,
    job_id          uuid             REFERENCES jobs (id) ON DELETE SET NULL,
    is_explicit     boolean          NOT NULL,
    explicit_score  double precision NOT NULL,
    quality_score   double precision NOT NULL,
    poster_key      text,
    classification  jsonb            NOT NULL,
    created_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (asset_id, model)
);
CREATE INDEX verdicts_model_explicit ON verdicts (model, is_explicit);
