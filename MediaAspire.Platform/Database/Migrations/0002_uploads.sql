-- Dedupe looks assets up by content hash; listing pages newest first, optionally by status.
CREATE INDEX assets_sha256 ON assets (sha256);
CREATE INDEX assets_status_id ON assets (status, id DESC);

-- Resumable uploads: parts arrive in any order, each stored as its own object under uploads/{id}/,
-- until completion joins them into an asset. An upload nobody touches past expires_at is swept.
CREATE TABLE uploads (
    id            uuid PRIMARY KEY,
    filename      text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes > 0),
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    state         text        NOT NULL CHECK (state IN ('uploading', 'completing', 'completed')),
    asset_id      uuid        REFERENCES assets (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX uploads_expires_at ON uploads (expires_at);

CREATE TABLE upload_parts (
    upload_id    uuid        NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    number       integer     NOT NULL CHECK (number BETWEEN 1 AND 10000),
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    sha256       text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (upload_id, number)
);
