-- Renditions: what the worker made from an asset's source (proxy, thumbnail, poster, HLS ladder).
-- One row per kind; the bytes live in object storage under the asset's key prefix.
CREATE TABLE renditions (
    asset_id          uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    kind              text        NOT NULL,
    storage_key       text        NOT NULL,
    content_type      text        NOT NULL,
    width             integer,
    height            integer,
    size_bytes        bigint      NOT NULL,
    duration_seconds  double precision,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (asset_id, kind)
);

-- A cancel asked of a running job: its worker sees the flag (pub/sub, or at its next lease renewal) and stops.
ALTER TABLE jobs ADD COLUMN cancel_requested_at timestamptz;
