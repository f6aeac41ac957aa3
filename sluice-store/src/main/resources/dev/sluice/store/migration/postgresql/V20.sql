-- Rate-limit token buckets shared by the nodes of one database (bucket4j's JDBC layout: id, serialized state,
-- expiry in epoch ms). Read and updated under SELECT … FOR UPDATE by bucket4j's PostgreSQL proxy manager.
CREATE TABLE rate_buckets (
    id TEXT PRIMARY KEY,
    state BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_buckets_by_expiry ON rate_buckets (expires_at);
