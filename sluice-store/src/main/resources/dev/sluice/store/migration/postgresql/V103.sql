-- Event attachments (Sentry attachment items; issue 10), at most 20 MB each, listed per event.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    event_id TEXT,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    attachment_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data BYTEA NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX attachments_by_event ON attachments (project_id, event_id);
