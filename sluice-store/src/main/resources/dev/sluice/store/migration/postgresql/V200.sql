-- SQLite only (spans become a WITHOUT ROWID table there); nothing changes on PostgreSQL.
SELECT 1;
