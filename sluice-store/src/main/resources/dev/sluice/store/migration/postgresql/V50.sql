-- The analytics replica follows events by the id of the transaction that inserted them: every transaction
-- older than the oldest one still running has finished, so rows below that horizon are final (ids taken from a
-- sequence would not be: they are assigned at insert but become visible at commit, out of order).
ALTER TABLE analytics_events ADD COLUMN feed_tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX analytics_events_by_feed ON analytics_events (feed_tx);
