-- Tasks (Tailpoint). Protocols that expose numeric ids (task, project, status) take them from counters:
-- one row per sequence, incremented with UPDATE … RETURNING, which is portable and safe across nodes.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('project', 0);
INSERT INTO counters (name, value) VALUES ('task', 0);
INSERT INTO counters (name, value) VALUES ('task_status', 0);

ALTER TABLE projects ADD COLUMN number BIGINT;
UPDATE projects SET number = (SELECT COUNT(*) FROM projects p2
    WHERE p2.created_at < projects.created_at OR (p2.created_at = projects.created_at AND p2.id <= projects.id));
UPDATE counters SET value = (SELECT COALESCE(MAX(number), 0) FROM projects) WHERE name = 'project';

CREATE TABLE task_statuses (
    id BIGINT PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    terminal INTEGER NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE task_settings (
    project_id TEXT PRIMARY KEY,
    default_status_id BIGINT NOT NULL,
    closed_behavior TEXT NOT NULL,
    reopen_window_days INTEGER NOT NULL,
    rate_per_minute INTEGER NOT NULL
);

-- Every project gets the three default statuses and default settings (ids derived from the project number,
-- the same rule createProject uses through the counter).
INSERT INTO task_statuses (id, project_id, name, terminal, position) SELECT number * 3 - 2, id, 'open', 0, 1 FROM projects;
INSERT INTO task_statuses (id, project_id, name, terminal, position) SELECT number * 3 - 1, id, 'in_progress', 0, 2 FROM projects;
INSERT INTO task_statuses (id, project_id, name, terminal, position) SELECT number * 3, id, 'closed', 1, 3 FROM projects;
INSERT INTO task_settings (project_id, default_status_id, closed_behavior, reopen_window_days, rate_per_minute)
    SELECT id, number * 3 - 2, 'reopen', 7, 100 FROM projects;
UPDATE counters SET value = (SELECT COALESCE(MAX(number), 0) * 3 FROM projects) WHERE name = 'task_status';

CREATE TABLE tasks (
    id BIGINT PRIMARY KEY,
    project_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    description_html TEXT,
    status_id BIGINT NOT NULL,
    priority BIGINT NOT NULL,
    severity TEXT NOT NULL,
    source TEXT NOT NULL,
    assignees TEXT NOT NULL,
    custom_fields TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_by_project ON tasks (project_id, id);

CREATE TABLE task_dedupe (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    task_id BIGINT NOT NULL,
    source TEXT NOT NULL,
    severity TEXT NOT NULL,
    metadata TEXT,
    occurrence_count BIGINT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX task_dedupe_by_key ON task_dedupe (project_id, dedupe_key, id);
CREATE INDEX task_dedupe_by_task ON task_dedupe (task_id);

CREATE TABLE intake_events (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    source_key TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    state TEXT NOT NULL,
    created INTEGER NOT NULL,
    task_id BIGINT,
    occurrence_count BIGINT,
    received_at BIGINT NOT NULL,
    UNIQUE (project_id, channel, source_key, idempotency_key)
);

CREATE TABLE project_members (
    project_id TEXT NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (project_id, email)
);
