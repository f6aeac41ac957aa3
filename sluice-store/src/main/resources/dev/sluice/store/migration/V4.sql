-- Product analytics (Pug). Times are epoch millis; properties are JSON text. Events are keyed by the
-- client's event id, which is also the exact-dedupe key of SDK retries (restart-safe because it is stored).
CREATE TABLE analytics_events (
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
    PRIMARY KEY (project_id, event_id)
);
CREATE INDEX analytics_events_by_time ON analytics_events (project_id, occurred_at);
CREATE INDEX analytics_events_by_user ON analytics_events (project_id, distinct_id, occurred_at);

-- Profiles keyed by external id; soft-deleted ones keep their row (deleted_at) until erased.
CREATE TABLE analytics_profiles (
    project_id TEXT NOT NULL,
    id TEXT NOT NULL,
    external_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT,
    PRIMARY KEY (project_id, id)
);
CREATE INDEX analytics_profiles_by_external ON analytics_profiles (project_id, external_id);

-- One row per top-level trait, so a shallow merge is one upsert per key.
CREATE TABLE analytics_profile_properties (
    project_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (project_id, profile_id, name)
);

-- Which profile a distinct id (external id or merged anonymous id) belongs to.
CREATE TABLE analytics_aliases (
    project_id TEXT NOT NULL,
    distinct_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, distinct_id)
);
CREATE INDEX analytics_aliases_by_profile ON analytics_aliases (project_id, profile_id);

CREATE TABLE analytics_devices (
    project_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, device_id)
);

-- The filter schema: event kinds and property keys with counts; value_type is pinned to the first one seen.
CREATE TABLE analytics_event_kinds (
    project_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    event_count BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, kind)
);
CREATE TABLE analytics_property_keys (
    project_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    value_type INTEGER NOT NULL,
    event_count BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, kind, source, name)
);

-- Erasure requests (DeleteDataSubject / Delete) and what they removed.
CREATE TABLE analytics_deletions (
    project_id TEXT NOT NULL,
    id TEXT NOT NULL,
    external_id TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    status INTEGER NOT NULL,
    events_identified BIGINT NOT NULL,
    requested_at BIGINT NOT NULL,
    completed_at BIGINT,
    error TEXT NOT NULL,
    PRIMARY KEY (project_id, id)
);
