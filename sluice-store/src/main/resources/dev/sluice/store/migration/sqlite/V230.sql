-- The time and person indexes of analytics_events were ~80 % of an event's insert cost (two more B-trees
-- taking keys in random order, outgrowing the page cache past a few million events). Every writer-side read
-- that used them now finds rows by feed_seq (the primary key): erasure takes the person's positions from the
-- analytics replica and scans only the rows above its mark; retention does the same for old events and walks
-- the rest in feed_seq windows (see JdbcAnalyticsWrites, JdbcRetentionWrites, RetentionRunner).
DROP INDEX IF EXISTS analytics_events_by_time;
DROP INDEX IF EXISTS analytics_events_by_user;
