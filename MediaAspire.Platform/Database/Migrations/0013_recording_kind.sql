-- A live stream's recording is an asset of its own kind ('recording'), so a library can list uploads, clips and
-- recordings apart. Recordings kept before this migration are the assets a live stream names.
ALTER TABLE assets DROP CONSTRAINT assets_kind_check;
ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('source', 'clip', 'recording'));
UPDATE assets SET kind = 'recording' WHERE id IN (SELECT asset_id FROM live_streams WHERE asset_id IS NOT NULL);
