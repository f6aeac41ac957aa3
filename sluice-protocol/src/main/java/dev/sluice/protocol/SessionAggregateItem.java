package dev.sluice.protocol;

import java.util.Optional;

/**
 * Pre-counted sessions (one bucket of Sentry's {@code sessions} item, what server SDKs send): how many sessions
 * that started at {@code timestamp} ended healthy ({@code exited}), errored, abnormal or crashed.
 */
public record SessionAggregateItem(String release, Optional<String> environment, long exited, long errored,
                                   long abnormal, long crashed, Optional<String> timestamp) implements Item {

    /** Aggregates are counts; a resent envelope counts again, as in Sentry. */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }
}
