-- Retention by size: at most this many bytes per project and family besides the days (0: no size cap, the
-- default). A row set only for its size keeps the default days.
ALTER TABLE retention_settings ADD COLUMN max_bytes BIGINT NOT NULL DEFAULT 0;
