package dev.sluice.server.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per key (an API key id, a workspace, …), shared by every protocol adapter. A bucket
 * holds {@code permits} tokens and refills continuously at {@code permits / window}, so a client may burst up
 * to its allowance and then proceeds at the sustained rate. Buckets are independent: a noisy key only ever
 * drains its own. A check is a map lookup and a few arithmetic operations under the bucket's own lock.
 */
public final class RateLimiter {

    private static final int SWEEP_EVERY = 4096;

    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private int sinceSweep;

    private RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** A limiter reading time from {@code clock}. */
    public static RateLimiter create(Clock clock) {
        return new RateLimiter(clock);
    }

    /** An allowance: {@code permits} requests per {@code window}. */
    public record Limit(long permits, Duration window) {

        public Limit {
            if (permits <= 0 || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a limit needs positive permits and window");
            }
        }

        /** {@code permits} per minute. */
        public static Limit perMinute(long permits) {
            return new Limit(permits, Duration.ofMinutes(1));
        }

        double tokensPerMilli() {
            return (double) permits / window.toMillis();
        }
    }

    /** The answer to one request. */
    public sealed interface Decision permits Allowed, Limited {
    }

    /** Go ahead. */
    public record Allowed() implements Decision {
    }

    /** Over the limit; a token will be available in {@code retryAfterSeconds} (at least 1). */
    public record Limited(long retryAfterSeconds) implements Decision {
    }

    private static final Allowed ALLOWED = new Allowed();

    /** Takes one token from the bucket named {@code key}, created full on first use. */
    public Decision acquire(String key, Limit limit) {
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.permits(), now));
        Decision decision = bucket.take(limit, now);
        if (++sinceSweep >= SWEEP_EVERY) {
            sinceSweep = 0;
            sweep(now);
        }
        return decision;
    }

    /** Forgets buckets that have refilled completely: they behave exactly like new ones. */
    private void sweep(long now) {
        buckets.entrySet().removeIf(e -> e.getValue().idleSince(now));
    }

    private static final class Bucket {
        private double tokens;
        private long updated;
        private long capacity;
        private double rate;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
            this.capacity = capacity;
        }

        synchronized Decision take(Limit limit, long now) {
            capacity = limit.permits();
            rate = limit.tokensPerMilli();
            tokens = Math.min(capacity, tokens + Math.max(0, now - updated) * rate);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return ALLOWED;
            }
            long waitMillis = (long) Math.ceil((1 - tokens) / rate);
            return new Limited(Math.max(1, (waitMillis + 999) / 1000));
        }

        synchronized boolean idleSince(long now) {
            return tokens + Math.max(0, now - updated) * rate >= capacity;
        }
    }
}
