-- One per-issue index on error_events instead of two: every group commit dirtied a leaf page per issue in
-- both, and the WAL write of those pages was most of the COMMIT under Sentry load. Occurrences per issue over
-- a time range (the dashboard's sparklines) are read through error_events_by_issue (issue_id, id): ids are
-- UUIDv7 stamped by the writer when it stores the event, so a range of stored time is a range of id.
DROP INDEX error_events_by_issue_time;
