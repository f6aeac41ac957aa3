-- Dashboard reads: occurrences of an issue over time (sparklines), transactions and errors by time.

CREATE INDEX error_events_by_issue_time ON error_events (issue_id, received_at);
CREATE INDEX transactions_by_time ON transactions (project_id, occurred_at);
