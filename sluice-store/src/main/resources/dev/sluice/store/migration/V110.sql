-- Dashboard accounts (issue 11). Secrets are stored only as hashes: passwords as Argon2id strings (hashed by
-- the web layer), invite tokens and session ids as SHA-256 hex of the random token the browser holds.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT
);

CREATE TABLE user_projects (
    user_id TEXT NOT NULL REFERENCES users (id),
    project_id TEXT NOT NULL REFERENCES projects (id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, project_id)
);

CREATE TABLE user_invites (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX user_invites_by_user ON user_invites (user_id);

CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT,
    principal TEXT NOT NULL,
    project TEXT,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);
CREATE INDEX web_sessions_by_last_seen ON web_sessions (last_seen);
