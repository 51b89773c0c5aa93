-- Quota taken before the row that will hold it exists (an upload streaming in, a clip job's cuts being stored) is a
-- reservation row with an expiry, not only a number on the tenant: a holder that dies between reserving and inserting
-- its row (a SIGKILL, an out-of-memory kill, a lost lease) leaves a row that runs out, and the reconciliation
-- (TenantRepository.ReconcileAsync) drops it and recomputes the tenant's use from the rows that hold space:
-- assets, resumable uploads still holding their declared size, and reservations not yet run out.
CREATE TABLE quota_reservations (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    bytes       bigint      NOT NULL DEFAULT 0 CHECK (bytes >= 0),
    assets      integer     NOT NULL DEFAULT 0 CHECK (assets >= 0),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quota_reservations_tenant ON quota_reservations (tenant_id);
CREATE INDEX quota_reservations_expires ON quota_reservations (expires_at);
