-- Alerts: rules per project, the cooldown state per rule and subject, and the durable outbox the digest and
-- the scheduler write into in the same transaction as the data that decided an alert.
CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    -- new_issue | regression | issue_frequency | job_failure_count | job_failure_rate | worker_offline
    -- | llm_cost | quota
    kind TEXT NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    window_seconds BIGINT NOT NULL,
    -- job rules: only this task name (NULL: any)
    task_name TEXT,
    -- JSON array of channels: {"type":"webhook","url","secret","format":"json|slack|discord"} | {"type":"email","to":[…]}
    channels TEXT NOT NULL,
    channel_count INTEGER NOT NULL,
    cooldown_seconds BIGINT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX alert_rules_by_project ON alert_rules (project_id, kind);

CREATE TABLE alert_state (
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    last_sent_at BIGINT NOT NULL,
    -- alerts the cooldown held back since last_sent_at; reported with the next one (a digest)
    suppressed BIGINT NOT NULL,
    PRIMARY KEY (rule_id, subject)
);

-- One row per alert and channel; its id is the delivery id receivers dedupe on.
CREATE TABLE alert_outbox (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    channel_index INTEGER NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT,
    delivered_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at);
CREATE INDEX alert_outbox_by_project ON alert_outbox (project_id, id);
