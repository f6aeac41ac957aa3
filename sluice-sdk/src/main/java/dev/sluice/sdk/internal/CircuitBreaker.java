package dev.sluice.sdk.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops hammering a failing server: after {@code threshold} consecutive retryable failures the circuit opens;
 * then exactly one probe is let through (half-open) — success closes it, failure re-opens it. The first open
 * interval is short (1 s, or {@code maxOpen} if smaller) and doubles with each failed probe up to
 * {@code maxOpen}, so a server that comes back after a blip is used again within a second or two while a server
 * that stays down is probed rarely. {@link #requestProbe()} (from {@code flush}) lets a probe through at once.
 * While open, items stay queued (bounded) rather than being dropped, as the batching TraceStax SDKs do. Used by
 * one sender thread; state is volatile only so {@code stats()} and {@code flush()} can touch it from elsewhere.
 */
public final class CircuitBreaker {

    /** Breaker states, lower-case in stats as upstream TraceStax reports them. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final Duration FIRST_OPEN = Duration.ofSeconds(1);

    private final int threshold;
    private final Duration maxOpen;
    private volatile State state = State.CLOSED;
    private volatile boolean probeRequested;
    private int failures;
    private Instant openedAt = Instant.EPOCH;
    private Duration openFor;

    public CircuitBreaker(int threshold, Duration maxOpen) {
        this.threshold = threshold;
        this.maxOpen = maxOpen;
        this.openFor = first();
    }

    /** May a request start now? Moving from open to half-open admits one probe. */
    public boolean allow(Instant now) {
        return switch (state) {
            case CLOSED -> true;
            case HALF_OPEN -> false; // the probe is in flight
            case OPEN -> {
                if (probeRequested || !now.isBefore(openedAt.plus(openFor))) {
                    probeRequested = false;
                    state = State.HALF_OPEN;
                    yield true;
                }
                yield false;
            }
        };
    }

    /** Lets the next {@link #allow} probe at once if the circuit is open (a flush wants an answer now). */
    public void requestProbe() {
        if (state == State.OPEN) {
            probeRequested = true;
        }
    }

    /** Time until {@link #allow} can next return true; zero when closed. */
    public Duration waitTime(Instant now) {
        if (state != State.OPEN || probeRequested) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(now, openedAt.plus(openFor));
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** The server answered: close, and start the next outage with the short interval again. */
    public void onSuccess() {
        failures = 0;
        openFor = first();
        state = State.CLOSED;
    }

    /** A permanent rejection (4xx) says nothing about server health: callers report only retryable ones. */
    public void onFailure(Instant now) {
        failures++;
        if (state == State.HALF_OPEN) {
            Duration doubled = openFor.multipliedBy(2);
            openFor = doubled.compareTo(maxOpen) > 0 ? maxOpen : doubled;
            open(now);
        } else if (failures >= threshold) {
            open(now);
        }
    }

    /** The current open interval (for tests and stats). */
    public Duration openInterval() {
        return openFor;
    }

    public State state() {
        return state;
    }

    private void open(Instant now) {
        state = State.OPEN;
        openedAt = now;
    }

    private Duration first() {
        return maxOpen.compareTo(FIRST_OPEN) < 0 ? maxOpen : FIRST_OPEN;
    }
}
