-- Issue lifecycle (status, regressions, ignore conditions, merges) and the tables behind the issue filters.
ALTER TABLE issues ADD COLUMN status TEXT NOT NULL DEFAULT 'unresolved';
-- 'regressed' (a resolved issue recurred) or 'escalating' (an ignore condition ran out); cleared by a PATCH.
ALTER TABLE issues ADD COLUMN substatus TEXT;
-- The first occurrence's message, searched beside the title.
ALTER TABLE issues ADD COLUMN message TEXT;
ALTER TABLE issues ADD COLUMN status_changed_at BIGINT;
-- Set when resolved "in the next release": the release current then; events of that release do not reopen.
ALTER TABLE issues ADD COLUMN resolved_in_release TEXT;
-- Ignore conditions: until a time, until the event count reaches a threshold, until N more distinct users.
ALTER TABLE issues ADD COLUMN ignore_until BIGINT;
ALTER TABLE issues ADD COLUMN ignore_until_count BIGINT;
ALTER TABLE issues ADD COLUMN ignore_user_count BIGINT;
ALTER TABLE issues ADD COLUMN ignore_users_seen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE issues ADD COLUMN regressed_at BIGINT;
ALTER TABLE issues ADD COLUMN times_regressed INTEGER NOT NULL DEFAULT 0;
-- A merged issue points at its target; later events of its fingerprint count for the target.
ALTER TABLE issues ADD COLUMN merged_into TEXT;
CREATE INDEX issues_by_status ON issues (project_id, status, last_seen);

-- Distinct users of an issue while it is ignored "until N more users" (hashes of the event's user object).
CREATE TABLE issue_users (
    issue_id TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    PRIMARY KEY (issue_id, user_hash)
);

-- Which environments and releases an issue has events in (kind = 'environment' | 'release'), so the list
-- filters need not scan events; outlives retention like the issue does.
CREATE TABLE issue_facets (
    issue_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (issue_id, kind, value)
);
CREATE INDEX issue_facets_by_value ON issue_facets (kind, value, issue_id);
INSERT INTO issue_facets (issue_id, kind, value)
    SELECT DISTINCT issue_id, 'environment', environment FROM error_events WHERE environment IS NOT NULL;
INSERT INTO issue_facets (issue_id, kind, value)
    SELECT DISTINCT issue_id, 'release', release FROM error_events WHERE release IS NOT NULL;

-- Full-text search over title and message ('simple' configuration: no stemming). Everything but letters and
-- digits separates words first, as in SQLite's unicode61 (PostgreSQL's parser would keep "a.b.Error" whole).
CREATE INDEX issues_fts ON issues USING GIN (to_tsvector('simple',
    regexp_replace(title || ' ' || COALESCE(message, ''), '[^[:alnum:]]+', ' ', 'g')));
