package dev.sluice.server.limits;

import java.util.Optional;

/**
 * The server-wide request limits every protocol applies after authentication, per key and per project, in
 * requests per minute; 0 switches one off. A protocol with its own per-project setting (Tailpoint's per-key
 * {@code ratePerMinute}, TraceStax's per-workspace {@code ratePerMinute}) uses that setting in its place.
 *
 * @param keyPerMinute requests per minute per key (default {@value #DEFAULT_KEY_PER_MINUTE}: off, the project
 *     limit applies)
 * @param projectPerMinute requests per minute per project, across all its keys and protocols (default
 *     {@value #DEFAULT_PROJECT_PER_MINUTE}, 5,000 a second)
 */
public record RateLimits(long keyPerMinute, long projectPerMinute) {

    /** Default per-key limit: off. */
    public static final long DEFAULT_KEY_PER_MINUTE = 0;
    /** Default per-project limit. */
    public static final long DEFAULT_PROJECT_PER_MINUTE = 300_000;

    /** The documented defaults. */
    public static RateLimits defaults() {
        return new RateLimits(DEFAULT_KEY_PER_MINUTE, DEFAULT_PROJECT_PER_MINUTE);
    }

    /** No server-wide limits (benchmarks that measure the server, not the limiter). */
    public static RateLimits unlimited() {
        return new RateLimits(0, 0);
    }

    /** The per-key limit, if on. */
    public Optional<RateLimiter.Limit> perKey() {
        return RateLimiter.Limit.perMinuteOrNone(keyPerMinute);
    }

    /** The per-project limit, if on. */
    public Optional<RateLimiter.Limit> perProject() {
        return RateLimiter.Limit.perMinuteOrNone(projectPerMinute);
    }
}
