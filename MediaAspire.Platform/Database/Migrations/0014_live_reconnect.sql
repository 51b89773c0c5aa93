-- A publisher whose connection drops may come back within a grace period and carry on its session: one recording, one
-- event stream. While it is away the session stays live with resume_until set (until when it may come back); a
-- publisher admitted back clears it and counts in publishes, which tells the recorder whose data its reader carries.
ALTER TABLE live_streams
    ADD COLUMN resume_until timestamptz,
    ADD COLUMN publishes    integer NOT NULL DEFAULT 0;
UPDATE live_streams SET publishes = 1 WHERE started_at IS NOT NULL;
