-- Issue search rows keyed by the issue's rowid. V60 keyed them by issue_id, an UNINDEXED FTS5 column, so the
-- update and delete triggers ("DELETE FROM issues_fts WHERE issue_id = old.id") scanned the whole FTS table:
-- every new issue (its message is set right after the insert) cost O(issues), and
-- ingest of new issues slowed to ~100 errors/s at 16k issues (BENCHMARKS.md "Dashboard", 1M run). Rowid
-- lookups are O(log n). Issues' rowids are stable: Sluice never VACUUMs a non-empty store (SqliteStore runs
-- VACUUM only on a new, empty file), and incremental_vacuum does not renumber rows.
DROP TRIGGER issues_fts_insert;
DROP TRIGGER issues_fts_update;
DROP TRIGGER issues_fts_delete;
DROP TABLE issues_fts;
CREATE VIRTUAL TABLE issues_fts USING fts5(issue_id UNINDEXED, title, message);
INSERT INTO issues_fts (rowid, issue_id, title, message) SELECT rowid, id, title, message FROM issues;
CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN INSERT INTO issues_fts (rowid, issue_id, title, message) VALUES (new.rowid, new.id, new.title, new.message); END;
CREATE TRIGGER issues_fts_update AFTER UPDATE OF title, message ON issues BEGIN DELETE FROM issues_fts WHERE rowid = old.rowid; INSERT INTO issues_fts (rowid, issue_id, title, message) VALUES (new.rowid, new.id, new.title, new.message); END;
CREATE TRIGGER issues_fts_delete AFTER DELETE ON issues BEGIN DELETE FROM issues_fts WHERE rowid = old.rowid; END;
