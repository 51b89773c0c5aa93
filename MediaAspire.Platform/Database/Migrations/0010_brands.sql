-- Brands a tenant looks for in its videos: names (the name and its aliases, matched in on-screen text) and logo files
-- (matched by local features). A brand's row names its tenant; its logos inherit it.
CREATE TABLE brands (
    id          uuid             PRIMARY KEY,
    name        text             NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    aliases     text[]           NOT NULL DEFAULT '{}',
    min_score   double precision NOT NULL CHECK (min_score >= 0 AND min_score <= 1),
    created_at  timestamptz      NOT NULL DEFAULT now(),
    tenant_id   uuid             NOT NULL REFERENCES tenants (id)
);
-- One brand of a name per tenant (names are what appearances are reported by).
CREATE UNIQUE INDEX brands_tenant_name ON brands (tenant_id, lower(name));

-- A logo keeps its normalised image (PNG, alpha kept, longest side bounded) and the local features computed from it
-- ONCE, when it was added: keypoint positions and SIFT descriptors (feature_kind says which extractor and layout).
-- Jobs and live segments only load the bytes, never decode a logo again. The normalised image stays so the features
-- can be recomputed if the extractor ever changes (a new feature_kind), without asking the customer for the file.
-- Both live in the row (tens of KB each): a logo is added or deleted with its features in one statement.
CREATE TABLE brand_logos (
    id              uuid        PRIMARY KEY,
    brand_id        uuid        NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    filename        text,
    width           integer     NOT NULL CHECK (width > 0),
    height          integer     NOT NULL CHECK (height > 0),
    has_alpha       boolean     NOT NULL,
    image_png       bytea       NOT NULL,
    feature_kind    text        NOT NULL,
    keypoint_count  integer     NOT NULL CHECK (keypoint_count > 0),
    features        bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    tenant_id       uuid        NOT NULL REFERENCES tenants (id)
);
CREATE INDEX brand_logos_brand ON brand_logos (brand_id, created_at);

-- inherit_tenant learns a fourth parent: 'brands' (column brand_id).
CREATE OR REPLACE FUNCTION inherit_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.tenant_id IS NULL THEN
        CASE TG_ARGV[0]
            WHEN 'assets'  THEN SELECT tenant_id INTO NEW.tenant_id FROM assets  WHERE id = NEW.asset_id;
            WHEN 'jobs'    THEN SELECT tenant_id INTO NEW.tenant_id FROM jobs    WHERE id = NEW.job_id;
            WHEN 'uploads' THEN SELECT tenant_id INTO NEW.tenant_id FROM uploads WHERE id = NEW.upload_id;
            WHEN 'brands'  THEN SELECT tenant_id INTO NEW.tenant_id FROM brands  WHERE id = NEW.brand_id;
        END CASE;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER brand_logos_tenant BEFORE INSERT ON brand_logos FOR EACH ROW EXECUTE FUNCTION inherit_tenant('brands');

-- A brands job's results for an asset: they replace the previous job's in the transaction that completes the job.
-- Deleting a brand deletes its appearances and exposure; deleting the asset deletes all three.
CREATE TABLE brand_appearances (
    id             uuid             PRIMARY KEY,
    asset_id       uuid             NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    job_id         uuid             REFERENCES jobs (id) ON DELETE SET NULL,
    brand_id       uuid             NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    source         text             NOT NULL CHECK (source IN ('logo', 'text')),
    start_seconds  double precision NOT NULL,
    end_seconds    double precision NOT NULL CHECK (end_seconds > start_seconds),
    score          double precision NOT NULL,
    best_seconds   double precision NOT NULL,
    box            integer[]        NOT NULL CHECK (cardinality(box) = 4),
    tenant_id      uuid             NOT NULL REFERENCES tenants (id)
);
CREATE TRIGGER brand_appearances_tenant BEFORE INSERT ON brand_appearances FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE INDEX brand_appearances_asset ON brand_appearances (asset_id, start_seconds);
CREATE INDEX brand_appearances_brand ON brand_appearances (brand_id);

CREATE TABLE brand_exposure (
    asset_id         uuid             NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    brand_id         uuid             NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    seconds          double precision NOT NULL CHECK (seconds >= 0),
    mean_area_share  double precision NOT NULL CHECK (mean_area_share >= 0 AND mean_area_share <= 1),
    tenant_id        uuid             NOT NULL REFERENCES tenants (id),
    PRIMARY KEY (asset_id, brand_id)
);
CREATE TRIGGER brand_exposure_tenant BEFORE INSERT ON brand_exposure FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE INDEX brand_exposure_brand ON brand_exposure (brand_id);

-- The on-screen text the job read, line by line, at the sampled times.
CREATE TABLE onscreen_text (
    asset_id    uuid             NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    t           double precision NOT NULL,
    text        text             NOT NULL,
    box         integer[]        NOT NULL CHECK (cardinality(box) = 4),
    confidence  double precision NOT NULL,
    tenant_id   uuid             NOT NULL REFERENCES tenants (id)
);
CREATE TRIGGER onscreen_text_tenant BEFORE INSERT ON onscreen_text FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE INDEX onscreen_text_asset ON onscreen_text (asset_id, t);

-- One brands job per asset at a time: two requests at once get 409 naming the running one.
CREATE UNIQUE INDEX jobs_one_unfinished_brands ON jobs (asset_id) WHERE kind = 'brands' AND state IN ('pending', 'running');
