-- Several nodes share one database: decisions that read then write shared rows rely on unique constraints
-- on the natural keys, so a lost race fails loudly instead of leaving two rows. Duplicates that earlier
-- races left behind are retired first (the oldest row wins), or the indexes could not be built.

-- Tasks: one live dedupe row per project and key. A create_new policy supersedes the old row.
ALTER TABLE task_dedupe ADD COLUMN superseded_at BIGINT;
UPDATE task_dedupe SET superseded_at = last_seen WHERE EXISTS (SELECT 1 FROM task_dedupe newer
    WHERE newer.project_id = task_dedupe.project_id AND newer.dedupe_key = task_dedupe.dedupe_key
    AND newer.id > task_dedupe.id);
CREATE UNIQUE INDEX task_dedupe_live ON task_dedupe (project_id, dedupe_key) WHERE superseded_at IS NULL;

-- Profiles: one live profile per project and external id. Aliases and devices of a duplicate move to the
-- oldest live copy, then the duplicate is soft-deleted like a merged profile.
UPDATE analytics_aliases SET profile_id = (SELECT MIN(w.id) FROM analytics_profiles l JOIN analytics_profiles w
        ON w.project_id = l.project_id AND w.external_id = l.external_id AND w.deleted_at IS NULL
        WHERE l.project_id = analytics_aliases.project_id AND l.id = analytics_aliases.profile_id
        AND l.deleted_at IS NULL)
    WHERE EXISTS (SELECT 1 FROM analytics_profiles l JOIN analytics_profiles w
        ON w.project_id = l.project_id AND w.external_id = l.external_id AND w.deleted_at IS NULL AND w.id < l.id
        WHERE l.project_id = analytics_aliases.project_id AND l.id = analytics_aliases.profile_id
        AND l.deleted_at IS NULL);
UPDATE analytics_devices SET profile_id = (SELECT MIN(w.id) FROM analytics_profiles l JOIN analytics_profiles w
        ON w.project_id = l.project_id AND w.external_id = l.external_id AND w.deleted_at IS NULL
        WHERE l.project_id = analytics_devices.project_id AND l.id = analytics_devices.profile_id
        AND l.deleted_at IS NULL)
    WHERE EXISTS (SELECT 1 FROM analytics_profiles l JOIN analytics_profiles w
        ON w.project_id = l.project_id AND w.external_id = l.external_id AND w.deleted_at IS NULL AND w.id < l.id
        WHERE l.project_id = analytics_devices.project_id AND l.id = analytics_devices.profile_id
        AND l.deleted_at IS NULL);
UPDATE analytics_profiles SET deleted_at = updated_at WHERE deleted_at IS NULL AND EXISTS (SELECT 1
    FROM analytics_profiles w WHERE w.project_id = analytics_profiles.project_id
    AND w.external_id = analytics_profiles.external_id AND w.deleted_at IS NULL AND w.id < analytics_profiles.id);
CREATE UNIQUE INDEX analytics_profiles_live_external ON analytics_profiles (project_id, external_id)
    WHERE deleted_at IS NULL;
