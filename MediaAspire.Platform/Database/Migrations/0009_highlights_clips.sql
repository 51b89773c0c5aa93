-- Highlights: one detection's ranked windows per asset. A new detection replaces the asset's highlights,
-- except those that already have clips (their clips point at them).
CREATE TABLE highlights (
    id             uuid             PRIMARY KEY,
    asset_id       uuid             NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    job_id         uuid             REFERENCES jobs (id) ON DELETE SET NULL,
    start_seconds  double precision NOT NULL,
    end_seconds    double precision NOT NULL CHECK (end_seconds > start_seconds),
    score          double precision NOT NULL,
    reasons        jsonb            NOT NULL,
    created_at     timestamptz      NOT NULL DEFAULT now(),
    tenant_id      uuid             NOT NULL REFERENCES tenants (id)
);
CREATE TRIGGER highlights_tenant BEFORE INSERT ON highlights FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE INDEX highlights_asset ON highlights (asset_id, score DESC);

-- One detection per asset at a time: two requests at once get the same job.
CREATE UNIQUE INDEX jobs_one_unfinished_highlights ON jobs (asset_id) WHERE kind = 'highlights' AND state IN ('pending', 'running');

-- A clip is an asset of its own (kind 'clip': probed, given renditions, classified like any asset) and this row
-- links it to what it was cut from. Its id is derived from clip_key (source + range + mode + options), so the
-- same request, a retried job or a redelivered message finds the clip instead of making a second one.
-- Deleting a clip deletes its asset row and this one; deleting the source leaves its clips (source_asset_id NULL).
ALTER TABLE assets ADD COLUMN kind text NOT NULL DEFAULT 'source' CHECK (kind IN ('source', 'clip'));
CREATE TABLE clips (
    asset_id         uuid             PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    clip_key         text             NOT NULL UNIQUE,
    source_asset_id  uuid             REFERENCES assets (id) ON DELETE SET NULL,
    highlight_id     uuid             REFERENCES highlights (id) ON DELETE SET NULL,
    job_id           uuid             REFERENCES jobs (id) ON DELETE SET NULL,
    mode             text             NOT NULL CHECK (mode IN ('copy', 'precise', 'smart', 'vertical')),
    start_seconds    double precision NOT NULL,
    end_seconds      double precision NOT NULL,
    requested_start  double precision NOT NULL,
    requested_end    double precision NOT NULL,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    tenant_id        uuid             NOT NULL REFERENCES tenants (id)
);
-- The clip's own asset is its parent: a clip is its source's tenant's because its asset is inserted into that tenant.
CREATE TRIGGER clips_tenant BEFORE INSERT ON clips FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE INDEX clips_source ON clips (source_asset_id, start_seconds);
CREATE INDEX clips_highlight ON clips (highlight_id) WHERE highlight_id IS NOT NULL;
