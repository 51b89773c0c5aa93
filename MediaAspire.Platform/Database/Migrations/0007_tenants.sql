-- Tenants: every row a user can reach belongs to one. The installation starts with one, 'default', which owns
-- everything stored before tenants existed and what the operator's (bootstrap) key uploads.
-- Quotas are null when unlimited; used_bytes and asset_count include space reserved by uploads in flight.
CREATE TABLE tenants (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    max_bytes    bigint      CHECK (max_bytes >= 0),
    max_assets   bigint      CHECK (max_assets >= 0),
    used_bytes   bigint      NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    asset_count  bigint      NOT NULL DEFAULT 0 CHECK (asset_count >= 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'default');

-- A child row takes its parent's tenant when the insert does not name one, so the worker (which writes
-- renditions, verdicts and job events for whichever tenant owns the asset) never has to pass it, and a
-- child can never end up in another tenant than its parent. Tables name their parent in the trigger's argument:
-- 'assets' (column asset_id), 'jobs' (job_id) or 'uploads' (upload_id).
CREATE FUNCTION inherit_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.tenant_id IS NULL THEN
        CASE TG_ARGV[0]
            WHEN 'assets'  THEN SELECT tenant_id INTO NEW.tenant_id FROM assets  WHERE id = NEW.asset_id;
            WHEN 'jobs'    THEN SELECT tenant_id INTO NEW.tenant_id FROM jobs    WHERE id = NEW.job_id;
            WHEN 'uploads' THEN SELECT tenant_id INTO NEW.tenant_id FROM uploads WHERE id = NEW.upload_id;
        END CASE;
    END IF;
    RETURN NEW;
END $$;

ALTER TABLE assets      ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE jobs        ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE job_events  ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE uploads     ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE upload_parts ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE renditions  ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE verdicts    ADD COLUMN tenant_id uuid REFERENCES tenants (id);
ALTER TABLE api_keys    ADD COLUMN tenant_id uuid REFERENCES tenants (id);

UPDATE assets      SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE jobs        SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE job_events  SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE uploads     SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE upload_parts SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE renditions  SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE verdicts    SET tenant_id = '00000000-0000-0000-0000-000000000001';
UPDATE api_keys    SET tenant_id = '00000000-0000-0000-0000-000000000001';

ALTER TABLE assets      ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE jobs        ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE job_events  ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE uploads     ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE upload_parts ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE renditions  ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE verdicts    ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE api_keys    ALTER COLUMN tenant_id SET NOT NULL;

CREATE TRIGGER jobs_tenant         BEFORE INSERT ON jobs         FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE TRIGGER job_events_tenant   BEFORE INSERT ON job_events   FOR EACH ROW EXECUTE FUNCTION inherit_tenant('jobs');
CREATE TRIGGER upload_parts_tenant BEFORE INSERT ON upload_parts FOR EACH ROW EXECUTE FUNCTION inherit_tenant('uploads');
CREATE TRIGGER renditions_tenant   BEFORE INSERT ON renditions   FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');
CREATE TRIGGER verdicts_tenant     BEFORE INSERT ON verdicts     FOR EACH ROW EXECUTE FUNCTION inherit_tenant('assets');

-- Listing and dedupe are per tenant.
DROP INDEX assets_sha256;
CREATE INDEX assets_tenant_sha256 ON assets (tenant_id, sha256);
CREATE INDEX assets_tenant_id ON assets (tenant_id, id DESC);
CREATE INDEX jobs_tenant_state ON jobs (tenant_id, state);

-- One unfinished backfill per tenant (an operator's backfill, in the default tenant, covers every tenant).
DROP INDEX jobs_one_unfinished_backfill;
CREATE UNIQUE INDEX jobs_one_unfinished_backfill ON jobs (tenant_id, kind) WHERE kind = 'backfill' AND state IN ('pending', 'running');

-- Scopes replace the admin flag: read (GET), write (upload, classify, cut, delete), admin (keys, backfill).
-- An operator key (the bootstrap key) sees and manages every tenant.
ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,write}'
    CHECK (scopes <@ ARRAY['read', 'write', 'admin']::text[]);
ALTER TABLE api_keys ADD COLUMN is_operator boolean NOT NULL DEFAULT false;
UPDATE api_keys SET scopes = '{read,write,admin}', is_operator = true WHERE is_admin;
ALTER TABLE api_keys DROP COLUMN is_admin;
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

-- Quota usage of what exists already.
UPDATE tenants t SET used_bytes = coalesce((SELECT sum(size_bytes) FROM assets a WHERE a.tenant_id = t.id), 0),
                     asset_count = (SELECT count(*) FROM assets a WHERE a.tenant_id = t.id);
