-- Live streams (issue 14): one RTMP publishing session per stream key. The key admits one publisher once: idle until
-- nginx-rtmp's on_publish is admitted, live while it publishes, ended after (the recording then becomes an asset).
-- A revoked key (DELETE /api/live/{id}) is refused at its next publish, and ends a live session.
CREATE TABLE live_streams (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    name           text        NOT NULL,
    stream_key     text        NOT NULL UNIQUE,
    state          text        NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'live', 'ended')),
    -- nginx-rtmp's id of the admitted publisher's connection: only its publish_done ends the session.
    publisher_id   text,
    job_id         uuid        REFERENCES jobs (id) ON DELETE SET NULL,
    asset_id       uuid        REFERENCES assets (id) ON DELETE SET NULL,
    failure        text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    ended_at       timestamptz,
    revoked_at     timestamptz
);
CREATE INDEX live_streams_tenant ON live_streams (tenant_id, created_at DESC);
