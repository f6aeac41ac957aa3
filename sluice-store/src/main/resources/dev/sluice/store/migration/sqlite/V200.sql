-- Spans as a WITHOUT ROWID table clustered on its primary key. V1 made spans a rowid table, so every span
-- insert wrote two B-trees (the rows and the (transaction_id, seq) key index); with 100 spans a trace this was
-- the writer's largest cost on OTLP ingest (BENCHMARKS.md, "Sentry envelopes and OTLP"). Reads go by
-- transaction_id in seq order, which the clustered key serves directly. PostgreSQL keeps its heap + index.
CREATE TABLE spans_clustered (
    transaction_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    span_id TEXT NOT NULL,
    op TEXT NOT NULL,
    description TEXT,
    duration_ms DOUBLE PRECISION NOT NULL,
    parent_span_id TEXT,
    PRIMARY KEY (transaction_id, seq)
) WITHOUT ROWID;
INSERT INTO spans_clustered (transaction_id, seq, span_id, op, description, duration_ms, parent_span_id)
    SELECT transaction_id, seq, span_id, op, description, duration_ms, parent_span_id FROM spans;
DROP TABLE spans;
ALTER TABLE spans_clustered RENAME TO spans;
