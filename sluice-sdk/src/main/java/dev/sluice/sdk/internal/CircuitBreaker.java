package dev.sluice.sdk.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops hammering a failing server: after {@code threshold} consecutive retryable failures the circuit opens
 * for {@code openFor}; then exactly one probe is let through (half-open) — success closes it, failure
 * re-opens it. While open, items stay queued (bounded) rather than being dropped, as the batching TraceStax
 * SDKs do. Used by one sender thread; state is volatile only so {@code stats()} can read it from elsewhere.
 */
public final class CircuitBreaker {

    /** Breaker states, lower-case in stats as upstream TraceStax reports them. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private volatile State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.EPOCH;

    public CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openFor = openFor;
    }

    /** May a request start now? Moving from open to half-open admits one probe. */
    public boolean allow(Instant now) {
        return switch (state) {
            case CLOSED -> true;
            case HALF_OPEN -> false; // the probe is in flight
            case OPEN -> {
                if (!now.isBefore(openedAt.plus(openFor))) {
                    state = State.HALF_OPEN;
                    yield true;
                }
                yield false;
            }
        };
    }

    /** Time until {@link #allow} can next return true; zero when closed. */
    public Duration waitTime(Instant now) {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(now, openedAt.plus(openFor));
        return d.isNegative() ? Duration.ZERO : d;
    }

    public void onSuccess() {
        failures = 0;
        state = State.CLOSED;
    }

    /** A permanent rejection (4xx) says nothing about server health: callers report only retryable ones. */
    public void onFailure(Instant now) {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = now;
        }
    }

    public State state() {
        return state;
    }
}
