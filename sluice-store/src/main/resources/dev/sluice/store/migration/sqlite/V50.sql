-- The analytics replica follows events by feed_seq: AUTOINCREMENT never reuses a number, even after erasure
-- deletes the newest row, and SQLite's single writer makes numbers visible in order.
CREATE TABLE analytics_events_v50 (
    feed_seq INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    distinct_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    session_id TEXT NOT NULL,
    cookieless INTEGER NOT NULL,
    auto_properties TEXT NOT NULL,
    custom_properties TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (project_id, event_id)
);
INSERT INTO analytics_events_v50 (project_id, event_id, distinct_id, kind, occurred_at, session_id, cookieless,
    auto_properties, custom_properties, received_at)
    SELECT project_id, event_id, distinct_id, kind, occurred_at, session_id, cookieless, auto_properties,
           custom_properties, received_at FROM analytics_events ORDER BY received_at, project_id, event_id;
DROP TABLE analytics_events;
ALTER TABLE analytics_events_v50 RENAME TO analytics_events;
CREATE INDEX analytics_events_by_time ON analytics_events (project_id, occurred_at);
CREATE INDEX analytics_events_by_user ON analytics_events (project_id, distinct_id, occurred_at);
