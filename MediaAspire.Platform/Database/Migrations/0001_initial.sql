-- Assets: one uploaded source file and what we learned about it.
CREATE TABLE assets (
    id            uuid PRIMARY KEY,
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes > 0),
    sha256        text        NOT NULL,
    storage_key   text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('uploaded', 'ready', 'failed')),
    probe         jsonb,
    error         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assets_created_at ON assets (created_at DESC);

-- Jobs: PostgreSQL is the truth about job state; the Redis stream only carries wake-ups.
CREATE TABLE jobs (
    id                uuid PRIMARY KEY,
    asset_id          uuid        REFERENCES assets (id) ON DELETE CASCADE,
    kind              text        NOT NULL,
    state             text        NOT NULL CHECK (state IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    attempts          integer     NOT NULL DEFAULT 0,
    error             text,
    result            jsonb,
    stage             text,
    progress          real        NOT NULL DEFAULT 0,
    worker            text,
    lease_until       timestamptz,
    queue_message_id  text,
    enqueued_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz
);
CREATE INDEX jobs_asset_id ON jobs (asset_id);
CREATE INDEX jobs_unfinished ON jobs (state, updated_at) WHERE state IN ('pending', 'running');

-- Job events: the audit trail of every transition, and later the source of progress streams.
CREATE TABLE job_events (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at       timestamptz NOT NULL DEFAULT now(),
    type     text        NOT NULL,
    message  text,
    data     jsonb
);
CREATE INDEX job_events_job_id ON job_events (job_id, id);

-- API keys: only the SHA-256 of a key is stored; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    key_hash    bytea       NOT NULL UNIQUE,
    key_prefix  text        NOT NULL,
    is_admin    boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
