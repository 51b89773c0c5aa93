-- An upload holds its declared size and one asset of its tenant's quota from the moment it is declared until its
-- completion hands them to the asset, or its abort or expiry gives them back.
ALTER TABLE uploads ADD COLUMN quota_reserved boolean NOT NULL DEFAULT false;
