-- Cron monitors (Sentry check_in items; issue 10). One monitor per project and slug, its schedule from the
-- latest monitor_config; next_expected_at is when the next run should start (NULL: no schedule, never missed).
CREATE TABLE monitors (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    schedule_type TEXT NOT NULL,
    schedule TEXT NOT NULL,
    checkin_margin_minutes BIGINT NOT NULL,
    max_runtime_minutes BIGINT NOT NULL,
    timezone TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_checkin_at BIGINT,
    last_status TEXT,
    next_expected_at BIGINT,
    UNIQUE (project_id, slug)
);
CREATE INDEX monitors_due ON monitors (next_expected_at);
-- Runs: in_progress, ok, error, missed (by the sweeper) and timeout (in_progress past timeout_at).
CREATE TABLE monitor_checkins (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    monitor_id TEXT NOT NULL,
    checkin_id TEXT,
    status TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    duration_ms DOUBLE PRECISION,
    environment TEXT,
    release TEXT,
    received_at BIGINT NOT NULL,
    timeout_at BIGINT NOT NULL
);
CREATE INDEX monitor_checkins_by_monitor ON monitor_checkins (monitor_id, started_at);
CREATE INDEX monitor_checkins_by_client_id ON monitor_checkins (project_id, checkin_id);
CREATE INDEX monitor_checkins_open ON monitor_checkins (status, timeout_at);
