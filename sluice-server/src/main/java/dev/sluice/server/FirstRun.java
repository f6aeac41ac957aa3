package dev.sluice.server;

import dev.sluice.server.auth.KeyKind;
import java.util.Map;

/**
 * The secrets a first run created: the admin token and one raw key of each kind for the default project.
 * They exist only in memory (and in the banner printed once).
 */
public record FirstRun(String adminToken, String project, Map<KeyKind, String> keys, long projectNumber) {

    public FirstRun {
        keys = Map.copyOf(keys);
    }

    /** Secrets of a project numbered 1 (the first project of a fresh store). */
    public FirstRun(String adminToken, String project, Map<KeyKind, String> keys) {
        this(adminToken, project, keys, 1);
    }

    /** The raw key of {@code kind}. */
    public String key(KeyKind kind) {
        return keys.get(kind);
    }
}
