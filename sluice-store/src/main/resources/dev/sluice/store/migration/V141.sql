-- Per transaction name and hour: counts, errors and a log-scale duration histogram (DurationBuckets, 1 %
-- relative error), kept by the digest in the commit so /transactions reads percentiles without scanning
-- every duration. Aggregates outlive the raw transactions (retention deletes rows, not these).
CREATE TABLE transaction_hours (
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    hour BIGINT NOT NULL,
    tx_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (project_id, hour, name)
);
CREATE TABLE transaction_duration_buckets (
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    hour BIGINT NOT NULL,
    bucket INTEGER NOT NULL,
    tx_count BIGINT NOT NULL,
    PRIMARY KEY (project_id, hour, name, bucket)
);
-- Backfill from the transactions stored so far (same bucket formula as DurationBuckets).
INSERT INTO transaction_hours (project_id, name, hour, tx_count, error_count, last_seen)
SELECT project_id, name, (occurred_at / 3600000) * 3600000, COUNT(*),
       SUM(CASE WHEN status = 'ok' THEN 0 ELSE 1 END), MAX(occurred_at)
FROM transactions GROUP BY project_id, name, (occurred_at / 3600000) * 3600000;
INSERT INTO transaction_duration_buckets (project_id, name, hour, bucket, tx_count)
SELECT project_id, name, hour, bucket, COUNT(*) FROM (
    SELECT project_id, name, (occurred_at / 3600000) * 3600000 AS hour,
           CASE WHEN duration_ms >= 0.01 THEN CAST(floor(ln(duration_ms) / ln(1.0202020202020203)) AS INTEGER)
                ELSE -100000 END AS bucket
    FROM transactions) b
GROUP BY project_id, name, hour, bucket;
