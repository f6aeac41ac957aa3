-- SQLite drops the time and person indexes of analytics_events here; PostgreSQL keeps them: its feed
-- follows transaction ids (not a dense ordered key), so erasure and retention still find rows through them.
SELECT 1;
