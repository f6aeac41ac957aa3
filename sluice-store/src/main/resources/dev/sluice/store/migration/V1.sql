-- Portable between SQLite and PostgreSQL: times are epoch milliseconds, ids are text (UUIDv7 for events,
-- so ordering by id is ordering by arrival), detail documents are JSON text.
CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    kind TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    key_hint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE dedupe_keys (
    project_id TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, dedupe_key)
);

CREATE TABLE issues (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL,
    level TEXT NOT NULL,
    event_count BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    last_release TEXT,
    last_environment TEXT,
    UNIQUE (project_id, rule_version, fingerprint)
);
CREATE INDEX issues_by_last_seen ON issues (project_id, last_seen, id);

CREATE TABLE error_events (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    issue_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    occurred_at BIGINT NOT NULL,
    timestamp_raw TEXT,
    level TEXT NOT NULL,
    environment TEXT,
    release TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX error_events_by_issue ON error_events (issue_id, id);

CREATE TABLE transactions (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    trace_id TEXT NOT NULL,
    duration_ms DOUBLE PRECISION NOT NULL,
    status TEXT NOT NULL,
    environment TEXT,
    release TEXT,
    received_at BIGINT NOT NULL,
    occurred_at BIGINT NOT NULL,
    timestamp_raw TEXT,
    span_count INTEGER NOT NULL
);
CREATE INDEX transactions_by_project ON transactions (project_id, id);

CREATE TABLE spans (
    transaction_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    span_id TEXT NOT NULL,
    op TEXT NOT NULL,
    description TEXT,
    duration_ms DOUBLE PRECISION NOT NULL,
    parent_span_id TEXT,
    PRIMARY KEY (transaction_id, seq)
);

CREATE TABLE ai_generations (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    total_tokens BIGINT NOT NULL,
    cached_input_tokens BIGINT NOT NULL,
    cache_write_tokens BIGINT NOT NULL,
    input_cost_usd DOUBLE PRECISION,
    output_cost_usd DOUBLE PRECISION,
    total_cost_usd DOUBLE PRECISION,
    cost_source TEXT NOT NULL,
    latency_ms BIGINT,
    time_to_first_token_ms BIGINT,
    status TEXT NOT NULL,
    trace_id TEXT,
    span_id TEXT,
    environment TEXT,
    release TEXT,
    received_at BIGINT NOT NULL,
    occurred_at BIGINT NOT NULL,
    timestamp_raw TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX ai_generations_by_time ON ai_generations (project_id, occurred_at);
