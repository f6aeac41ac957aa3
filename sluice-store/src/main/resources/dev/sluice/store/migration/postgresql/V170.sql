-- SQLite-only change (issue search rows keyed by rowid, see sqlite/V170.sql); PostgreSQL's GIN index on
-- issues needs nothing.
SELECT 1;
