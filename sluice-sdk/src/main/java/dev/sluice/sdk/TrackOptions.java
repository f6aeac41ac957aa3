package dev.sluice.sdk;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-event options for {@link Analytics#track}.
 *
 * @param timestamp when it happened (default: now); must lie in 1970..9999
 * @param sessionId overrides the client's session id (a UUIDv7 made at construction)
 */
public record TrackOptions(Optional<Instant> timestamp, Optional<UUID> sessionId) {

    /** Stamped now, no session. */
    public static TrackOptions none() {
        return NONE;
    }

    private static final TrackOptions NONE = new TrackOptions(Optional.empty(), Optional.empty());

    /** Stamped at {@code timestamp} instead of now. */
    public static TrackOptions at(Instant timestamp) {
        return new TrackOptions(Optional.of(timestamp), Optional.empty());
    }

    /** The same options in session {@code session}. */
    public TrackOptions withSession(UUID session) {
        return new TrackOptions(timestamp, Optional.of(session));
    }
}
