-- Background-job telemetry (TraceStax). Every table carries env ('live' or 'test'): test-key data lives in
-- its own space and never shows in live views. Booleans are 0/1 integers (portable).

-- Per-project job settings; a missing row means the defaults in JobSettings.defaults().
CREATE TABLE job_settings (
    project_id TEXT PRIMARY KEY,
    plan_tier TEXT NOT NULL,
    monthly_quota BIGINT NOT NULL,
    rate_per_minute BIGINT NOT NULL,
    heartbeat_interval_seconds BIGINT NOT NULL,
    stale_after_missed INTEGER NOT NULL,
    pause_ingest INTEGER NOT NULL,
    pause_until_ms BIGINT,
    updated_at BIGINT NOT NULL
);

-- Stored (non-duplicate) live task events per project and UTC month, counted in the events' transaction.
CREATE TABLE job_usage (
    project_id TEXT NOT NULL,
    month TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (project_id, month)
);

-- Every distinct task event; the unique key is the exact-dedupe rule for SDK re-sends.
CREATE TABLE job_events (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    task_id TEXT NOT NULL,
    status TEXT NOT NULL,
    worker_key TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    task_name TEXT NOT NULL,
    queue TEXT NOT NULL,
    framework TEXT NOT NULL,
    language TEXT NOT NULL,
    duration_ms DOUBLE PRECISION,
    queued_ms DOUBLE PRECISION,
    error_type TEXT,
    error_message TEXT,
    received_at BIGINT NOT NULL,
    UNIQUE (project_id, env, task_id, status, worker_key, attempt)
);
CREATE INDEX job_events_by_task ON job_events (project_id, env, task_id, id);

-- One row per task id: the run assembled from its events. status_* order events: a later attempt wins,
-- within an attempt a finishing event beats 'started', then the later arrival wins.
CREATE TABLE job_runs (
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    task_id TEXT NOT NULL,
    task_name TEXT NOT NULL,
    queue TEXT NOT NULL,
    framework TEXT NOT NULL,
    language TEXT NOT NULL,
    worker_key TEXT NOT NULL,
    status TEXT NOT NULL,
    status_attempt INTEGER NOT NULL,
    status_phase INTEGER NOT NULL,
    status_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    duration_ms DOUBLE PRECISION,
    queued_ms DOUBLE PRECISION,
    error_type TEXT,
    error_message TEXT,
    issue_id TEXT,
    parent_id TEXT,
    chain_id TEXT,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (project_id, env, task_id)
);
CREATE INDEX job_runs_by_finish ON job_runs (project_id, env, finished_at);
CREATE INDEX job_runs_by_last_seen ON job_runs (project_id, env, last_seen, task_id);
CREATE INDEX job_runs_by_chain ON job_runs (project_id, env, chain_id);

CREATE TABLE job_workers (
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    worker_key TEXT NOT NULL,
    hostname TEXT NOT NULL,
    pid TEXT NOT NULL,
    framework TEXT NOT NULL,
    language TEXT,
    sdk_version TEXT,
    concurrency INTEGER,
    queues TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_heartbeat BIGINT NOT NULL,
    shutdown_at BIGINT,
    PRIMARY KEY (project_id, env, worker_key)
);

CREATE TABLE job_queue_snapshots (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    queue TEXT NOT NULL,
    worker_key TEXT,
    framework TEXT NOT NULL,
    depth BIGINT NOT NULL,
    active BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    throughput_per_min DOUBLE PRECISION,
    latency_seconds DOUBLE PRECISION,
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    dedupe_key TEXT
);
-- A re-sent snapshot (same queue, worker and client timestamp) is stored once; without a timestamp the key
-- is NULL, and NULLs never conflict.
CREATE UNIQUE INDEX job_queue_snapshots_dedupe ON job_queue_snapshots (project_id, env, dedupe_key);
CREATE INDEX job_queue_snapshots_by_time ON job_queue_snapshots (project_id, env, queue, occurred_at);

-- Parent → child edges; a child may have several parents (fan-in).
CREATE TABLE job_lineage (
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    chain_id TEXT,
    child_name TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, env, parent_id, child_id)
);
CREATE INDEX job_lineage_by_chain ON job_lineage (project_id, env, chain_id);

-- Commands for workers (thread_dump), handed out once, on the worker's next heartbeat.
CREATE TABLE job_commands (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    worker_key TEXT NOT NULL,
    type TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX job_commands_pending ON job_commands (project_id, env, worker_key, delivered_at);

CREATE TABLE job_dumps (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    env TEXT NOT NULL,
    cmd_id TEXT NOT NULL,
    worker_key TEXT NOT NULL,
    language TEXT,
    sdk_version TEXT,
    captured_at TEXT,
    dump_text TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX job_dumps_by_worker ON job_dumps (project_id, env, worker_key, id);
