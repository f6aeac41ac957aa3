package dev.sluice.protocol;

import java.util.Optional;

/**
 * Pre-counted sessions (one bucket of Sentry's {@code sessions} item, what server SDKs send): how many sessions
 * that started at {@code timestamp} ended healthy ({@code exited}), errored, abnormal or crashed.
 *
 * @param resendKey the identity of the envelope item it came from, when a resend of the same envelope can be
 *     told apart from new data (see the Sentry adapter); the digest stores an item with a key at most once
 */
public record SessionAggregateItem(String release, Optional<String> environment, long exited, long errored,
                                   long abnormal, long crashed, Optional<String> timestamp,
                                   Optional<String> resendKey) implements Item {

    /** An aggregate without a resend identity: added every time it arrives. */
    public SessionAggregateItem(String release, Optional<String> environment, long exited, long errored,
                                long abnormal, long crashed, Optional<String> timestamp) {
        this(release, environment, exited, errored, abnormal, crashed, timestamp, Optional.empty());
    }

    /** Aggregates are counts; one with a resend identity is added once. */
    @Override
    public Optional<String> dedupeKey() {
        return resendKey;
    }
}
