-- The dashboard's live issue list asks "did any status change?" every few seconds: MAX(status_changed_at)
-- per project must be an index lookup, not a scan of every issue.
CREATE INDEX issues_by_status_change ON issues (project_id, status_changed_at);
