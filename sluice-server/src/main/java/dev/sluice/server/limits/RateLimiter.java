package dev.sluice.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.server.auth.Credential;
import dev.sluice.store.Store;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The one rate limiter of every protocol: bucket4j token buckets, named by what they limit (a key, a project).
 * A bucket holds {@code permits} tokens and gets all of them back once per {@code window} (bucket4j's interval
 * refill): at most {@code permits} pass in the first window and in every window after it, so a cold flood gets
 * the limit, not twice the limit (a greedy refill on top of a full bucket let 2× through in the first minute).
 * <p>
 * With a store that shares buckets ({@link Store#sharedRateBuckets()}, PostgreSQL) the buckets live in the
 * database and every node draws from the same one ({@link SharedBuckets}); otherwise they live in memory, where
 * a check is a map lookup and a CAS. A bucket's name includes its limit, so a changed setting starts a fresh
 * bucket instead of needing a migration of the old one.
 */
public final class RateLimiter implements AutoCloseable {

    private final TimeMeter time;
    private final RateLimits defaults;
    private final Cache<String, Bucket> local = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Optional<SharedBuckets> shared;

    private RateLimiter(TimeMeter time, RateLimits defaults, Optional<ProxyManager<String>> shared) {
        this.time = time;
        this.defaults = defaults;
        this.shared = shared.map(SharedBuckets::new);
    }

    /** In-memory buckets reading time from {@code clock} (one node), with the default server limits. */
    public static RateLimiter create(Clock clock) {
        return new RateLimiter(meter(clock), RateLimits.defaults(), Optional.empty());
    }

    /** Buckets shared through {@code store} when it can share them, else in memory; {@code defaults} apply. */
    public static RateLimiter forStore(Store store, RateLimits defaults, Clock clock) {
        return new RateLimiter(meter(clock), defaults, store.sharedRateBuckets());
    }

    /** The server-wide limits. */
    public RateLimits defaults() {
        return defaults;
    }

    /** Whether buckets are shared by every node on the database. */
    public boolean shared() {
        return shared.isPresent();
    }

    private static TimeMeter meter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
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

        /** {@code permits} per minute, or no limit for 0 or less (a setting that switches a limit off). */
        public static Optional<Limit> perMinuteOrNone(long permits) {
            return permits > 0 ? Optional.of(perMinute(permits)) : Optional.empty();
        }

        BucketConfiguration configuration() {
            return BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(permits).refillIntervally(permits, window)).build();
        }

        String suffix() {
            return "|" + permits + "/" + window.toMillis();
        }
    }

    /** The answer to one request. */
    public sealed interface Decision permits Allowed, Limited {
    }

    /**
     * Go ahead.
     *
     * @param remaining tokens left in the bucket after this one ({@link Long#MAX_VALUE} when nothing limits)
     * @param resetSeconds when the bucket is full again (0 when nothing limits)
     */
    public record Allowed(long remaining, long resetSeconds) implements Decision {
    }

    /** Over the limit; a token will be available in {@code retryAfterSeconds} (at least 1). */
    public record Limited(long retryAfterSeconds) implements Decision {
    }

    private static final Allowed ALLOWED = new Allowed(Long.MAX_VALUE, 0);

    /** Takes one token from the bucket named {@code name}, created full on first use. */
    public Decision acquire(String name, Limit limit) {
        String id = name + limit.suffix();
        ConsumptionProbe probe = shared.flatMap(s -> s.tryConsume(id, limit))
                .orElseGet(() -> localBucket(id, limit).tryConsumeAndReturnRemaining(1));
        if (probe.isConsumed()) {
            return new Allowed(probe.getRemainingTokens(),
                    Math.max(1, (probe.getNanosToWaitForReset() + 999_999_999L) / 1_000_000_000L));
        }
        return new Limited(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }

    /** The check every protocol makes after authentication, with the server-wide limits. */
    public Decision admit(Credential credential) {
        return admit(credential, defaults.perKey(), defaults.perProject());
    }

    /**
     * The check after authentication: the key's bucket, then its project's. A protocol with its own setting
     * passes it in place of the server-wide limit ({@link #defaults()}); an empty limit is no limit.
     */
    public Decision admit(Credential credential, Optional<Limit> perKey, Optional<Limit> perProject) {
        if (perKey.isPresent() && acquire("key:" + credential.keyId(), perKey.get()) instanceof Limited l) {
            return l;
        }
        if (perProject.isPresent()) {
            return acquire("project:" + credential.project().value(), perProject.get());
        }
        return ALLOWED;
    }

    Bucket localBucket(String id, Limit limit) {
        return local.get(id, k -> Bucket.builder().addLimit(limit.configuration().getBandwidths()[0])
                .withCustomTimePrecision(time).build());
    }

    @Override
    public void close() {
        shared.ifPresent(SharedBuckets::close);
    }
}
