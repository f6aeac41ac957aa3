-- Retention: days to keep per project and data family (no row: the default, 90 days).
CREATE TABLE retention_settings (
    project_id TEXT NOT NULL,
    family TEXT NOT NULL,
    days INTEGER NOT NULL,
    PRIMARY KEY (project_id, family)
);
