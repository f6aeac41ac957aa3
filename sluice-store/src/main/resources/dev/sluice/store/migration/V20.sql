-- Rate-limit token buckets shared by the nodes of one database (bucket4j's JDBC layout: id, serialized state,
-- expiry in epoch ms). SQLite serves a single node and keeps its buckets in memory; the table exists there
-- only so both engines have the same schema.
CREATE TABLE rate_buckets (
    id TEXT PRIMARY KEY,
    state BLOB,
    expires_at BIGINT
);
