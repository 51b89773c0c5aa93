-- At most one unfinished backfill: two admins asking at the same moment must get the same job, and the check
-- before the insert cannot promise that on its own.
CREATE UNIQUE INDEX jobs_one_unfinished_backfill ON jobs (kind) WHERE kind = 'backfill' AND state IN ('pending', 'running');
