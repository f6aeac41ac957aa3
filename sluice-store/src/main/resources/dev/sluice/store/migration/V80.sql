-- Grouping rule per project (issue 10). A project without a row uses the newest rule (2). Projects that exist
-- when this migration runs keep rule 1, so their issues do not split or merge on upgrade; switching them to
-- rule 2 opens a transition window (transition_until) in which an event that matches an existing rule-1 issue
-- stays in it.
CREATE TABLE project_grouping (
    project_id TEXT PRIMARY KEY,
    rule_version INTEGER NOT NULL,
    previous_version INTEGER,
    transition_until BIGINT,
    updated_at BIGINT NOT NULL
);
INSERT INTO project_grouping (project_id, rule_version, updated_at) SELECT id, 1, created_at FROM projects;
