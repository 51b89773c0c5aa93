-- Each attempt at a part is stored under a key of its own, recorded with the part: a part re-sent while
-- the upload completes can neither overwrite nor delete an object the join is reading. Parts received
-- before this migration keep the key they were stored under.
ALTER TABLE upload_parts ADD COLUMN storage_key text;
UPDATE upload_parts SET storage_key = 'uploads/' || replace(upload_id::text, '-', '') || '/parts/' || lpad(number::text, 5, '0');
ALTER TABLE upload_parts ALTER COLUMN storage_key SET NOT NULL;

-- A completion holds its upload under a lease it renews while it joins; the lease of an API that died
-- mid-join runs out, and the next complete takes over instead of finding the upload busy until it expires.
ALTER TABLE uploads ADD COLUMN completion_id uuid;
ALTER TABLE uploads ADD COLUMN completing_until timestamptz;
