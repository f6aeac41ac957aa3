-- Dedupe keys are purged by age (retention). SQLite needs no index: the purge walks the table by rowid,
-- which is insertion order, and created_at grows with it. Recorded so both stores share the version.
SELECT 1;
