package dev.sluice.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in the database, one per name for every node (bucket4j's PostgreSQL proxy manager: the bucket's row
 * is read {@code FOR UPDATE}, updated and committed). Two bucket4j optimizations keep the database out of most
 * requests: concurrent checks of one bucket are {@linkplain Optimizations#batching() batched} into one
 * transaction, and a bucket of {@value #DELAY_FROM} permits or more is synchronized every
 * {@code permits / 200} tokens or {@link #SYNC_EVERY} ({@linkplain Optimizations#delaying delaying}), so
 * each node can overshoot by at most 0.5 % of the limit. A database that fails or is slower than
 * {@link #CALL_WAIT} makes this node fall back to its in-memory buckets for {@link #FALLBACK_FOR} (the limit is
 * then per node): a request is never held up by the limiter for longer than {@link #CALL_WAIT}. (300 ms was
 * too tight on a loaded 2-core box: one in ~400 checks fell back and the shared limit overshot by 20 %.)
 */
final class SharedBuckets implements AutoCloseable {

    static final long DELAY_FROM = 1_000;
    static final Duration SYNC_EVERY = Duration.ofMillis(100);
    static final Duration CALL_WAIT = Duration.ofSeconds(1);
    static final Duration FALLBACK_FOR = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SharedBuckets.class);

    private final ProxyManager<String> manager;
    private final Cache<String, BucketProxy> proxies = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sluice-rate-", 0).factory());
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-rate-cleaner");
        t.setDaemon(true);
        return t;
    });
    private volatile long fallbackUntil;

    SharedBuckets(ProxyManager<String> manager) {
        this.manager = manager;
        if (manager instanceof ExpiredEntriesCleaner expired) {
            // Rows of buckets that would be full again are dead weight; any node may delete them.
            cleaner.scheduleWithFixedDelay(() -> removeExpired(expired), 30, 30, TimeUnit.SECONDS);
        }
    }

    /** The shared bucket's answer, or empty when this node must decide alone (database failing). */
    Optional<ConsumptionProbe> tryConsume(String id, RateLimiter.Limit limit) {
        if (System.nanoTime() - fallbackUntil < 0) {
            return Optional.empty();
        }
        BucketProxy bucket = proxies.get(id, k -> build(k, limit));
        Future<ConsumptionProbe> call = calls.submit(() -> bucket.tryConsumeAndReturnRemaining(1));
        try {
            return Optional.of(call.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            fallbackUntil = System.nanoTime() + FALLBACK_FOR.toNanos();
            LOG.warn("event=shared_rate_limit_unavailable fallback=local_for_{}ms error=\"{}\"",
                    FALLBACK_FOR.toMillis(), e instanceof ExecutionException ? String.valueOf(e.getCause()) : "timeout");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private BucketProxy build(String id, RateLimiter.Limit limit) {
        var builder = manager.builder();
        if (limit.permits() >= DELAY_FROM) {
            builder = builder.withOptimization(Optimizations.delaying(
                    new DelayParameters(limit.permits() / 200, SYNC_EVERY)));
        } else {
            builder = builder.withOptimization(Optimizations.batching());
        }
        return builder.build(id, limit.configuration());
    }

    private static void removeExpired(ExpiredEntriesCleaner expired) {
        try {
            expired.removeExpired(1_000);
        } catch (RuntimeException e) {
            LOG.debug("event=rate_bucket_cleanup_failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
        calls.shutdownNow();
    }
}
