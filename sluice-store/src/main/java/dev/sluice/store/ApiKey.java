package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.OptionalLong;

/**
 * A stored API key. The raw key is never stored: only its SHA-256 ({@code hash}, lowercase hex) and a
 * short prefix ({@code hint}) so people can tell keys apart.
 */
public record ApiKey(String id, ProjectId project, String kind, String hash, String hint, long createdAt,
                     OptionalLong revokedAt) {

    /** Whether the key still authenticates. */
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
