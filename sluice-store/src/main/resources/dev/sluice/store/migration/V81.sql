-- Log records (OTLP logs; issue 10). Searched by time, severity, text and trace id; ids are UUIDv7, so id order
-- is arrival order within a millisecond.
CREATE TABLE log_records (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    severity_number INTEGER NOT NULL,
    severity_text TEXT NOT NULL,
    body TEXT NOT NULL,
    trace_id TEXT,
    span_id TEXT,
    service TEXT,
    environment TEXT,
    release TEXT,
    attributes TEXT NOT NULL
);
CREATE INDEX log_records_by_time ON log_records (project_id, occurred_at, id);
CREATE INDEX log_records_by_trace ON log_records (project_id, trace_id);
