-- Release health (Sentry session/sessions items; issue 10). Sessions counted per release, environment ('' when
-- none) and started hour, in exclusive outcomes: healthy, errored, abnormal, crashed.
CREATE TABLE release_health (
    project_id TEXT NOT NULL,
    release TEXT NOT NULL,
    environment TEXT NOT NULL,
    started_hour BIGINT NOT NULL,
    healthy BIGINT NOT NULL,
    errored BIGINT NOT NULL,
    abnormal BIGINT NOT NULL,
    crashed BIGINT NOT NULL,
    PRIMARY KEY (project_id, release, environment, started_hour)
);
-- The latest outcome of each individual session, so its later updates move it between outcomes instead of
-- counting it again.
CREATE TABLE session_states (
    project_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    release TEXT NOT NULL,
    environment TEXT NOT NULL,
    started_hour BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, session_id)
);
CREATE INDEX session_states_by_update ON session_states (updated_at);
