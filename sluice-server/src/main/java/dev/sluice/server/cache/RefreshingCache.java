package dev.sluice.server.cache;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sluice.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values read from the store on the hot path (keys, project settings, the admin token), held by Caffeine with
 * refresh-after-write and <em>stale on failure</em>:
 * <ul>
 *   <li>a value is refreshed in the background once it is older than {@code refreshAfter}, so a key in steady
 *       use never waits for the store;</li>
 *   <li>a value older than {@code maxAge} (an idle entry) is re-read before it is served, waiting at most
 *       {@link #STALE_WAIT}: a change made on another node or by the CLI is seen within {@code maxAge};</li>
 *   <li>when the store fails (or is slower than {@link #STALE_WAIT}), the last value keeps serving and the store
 *       is asked again after {@code refreshAfter}, never once per request. Only a key never loaded fails with the
 *       store's exception.</li>
 * </ul>
 * Size-bounded; entries unused for {@code idleExpiry} are dropped.
 */
public final class RefreshingCache<K, V> {

    /** How long a request waits for the re-read of an entry older than {@code maxAge} before taking the old value. */
    public static final Duration STALE_WAIT = Duration.ofMillis(200);
    /** How long a request waits for a value never loaded before it is told the store is unavailable. */
    public static final Duration LOAD_WAIT = Duration.ofMillis(800);

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingCache.class);
    /** Refreshes block on JDBC; virtual threads keep them off Caffeine's default (tiny, shared) common pool. */
    private static final Executor REFRESHERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sluice-cache-refresh-", 0).factory());

    private final Ticker ticker;
    private final long maxAgeNanos;
    private final Duration staleWait;
    private final LoadingCache<K, Stamped<V>> cache;

    /** A value with the time it was read and, when the last re-read failed, when that was. */
    private record Stamped<V>(V value, long loadedAt, long failedAt) {
    }

    private RefreshingCache(Builder<K, V> b) {
        this.ticker = b.ticker;
        this.maxAgeNanos = b.maxAge.toNanos();
        this.staleWait = b.staleWait;
        Function<K, V> loader = b.loader;
        String name = b.name;
        this.cache = Caffeine.newBuilder().ticker(b.ticker).executor(REFRESHERS).maximumSize(b.maximumSize)
                .refreshAfterWrite(b.refreshAfter).expireAfterAccess(b.idleExpiry)
                .build(new CacheLoader<K, Stamped<V>>() {
                    @Override
                    public Stamped<V> load(K key) {
                        return new Stamped<>(loader.apply(key), ticker.read(), 0);
                    }

                    @Override
                    public Stamped<V> reload(K key, Stamped<V> old) {
                        try {
                            return load(key);
                        } catch (RuntimeException e) {
                            // Stale on failure: keep the old value; re-writing it restarts refreshAfter, so a dead
                            // store is asked once per refreshAfter per entry rather than once per request.
                            LOG.warn("event=cache_refresh_failed cache={} error=\"{}\"", name, e.toString());
                            return new Stamped<>(old.value(), old.loadedAt(), ticker.read());
                        }
                    }
                });
    }

    /** A builder of a cache named {@code name} (for logs) that reads missing values with {@code loader}. */
    public static <K, V> Builder<K, V> builder(String name, Function<K, V> loader) {
        return new Builder<>(name, loader);
    }

    /**
     * The value for {@code key}: loaded when absent (a failing or silent store is a {@link StoreException} then),
     * re-read first when older than {@code maxAge} unless the store is failing.
     */
    public V get(K key) {
        Stamped<V> s = cache.getIfPresent(key);
        if (s == null) {
            s = loadWithin(key, LOAD_WAIT);
        }
        long now = ticker.read();
        // After a failed re-read nobody waits: refreshAfterWrite keeps retrying in the background until one succeeds.
        if (now - s.loadedAt() >= maxAgeNanos && s.failedAt() == 0) {
            try {
                s = cache.refresh(key).get(staleWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // The store is slow or failing: serve what we had (the refresh goes on and lands for later reads).
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return s.value();
    }

    /** Forgets {@code key} after a change made here, so the next {@link #get} reads it fresh. */
    public void invalidate(K key) {
        cache.invalidate(key);
    }

    /** Entries held now (for tests of the size bound). */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Forgets every entry. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Whether {@code key} has a value now (no load, no refresh). */
    public boolean contains(K key) {
        return cache.asMap().containsKey(key);
    }

    /**
     * A first load, bounded in time: a store that hangs (a pool waiting for a connection to a dead database)
     * must not hold the request longer than {@code wait}; the load goes on and lands for later reads.
     */
    private Stamped<V> loadWithin(K key, Duration wait) {
        try {
            // cache.get (not refresh): concurrent misses share one load, and a failure goes to the caller
            // instead of Caffeine's log (one stack trace per request during an outage).
            return CompletableFuture.supplyAsync(() -> cache.get(key), REFRESHERS)
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreException("the store did not answer within " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("load failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while loading", e);
        }
    }

    /** Settings of a {@link RefreshingCache}. */
    public static final class Builder<K, V> {
        private final String name;
        private final Function<K, V> loader;
        private Ticker ticker = Ticker.systemTicker();
        private Duration refreshAfter = Duration.ofMillis(500);
        private Duration maxAge = Duration.ofSeconds(1);
        private Duration idleExpiry = Duration.ofMinutes(10);
        private long maximumSize = 10_000;
        private Duration staleWait = STALE_WAIT;

        private Builder(String name, Function<K, V> loader) {
            this.name = name;
            this.loader = loader;
        }

        /** Background refresh once a value is this old (default 500 ms); also the retry pace while failing. */
        public Builder<K, V> refreshAfter(Duration d) {
            this.refreshAfter = d;
            return this;
        }

        /** The oldest value served while the store answers (default 1 s). */
        public Builder<K, V> maxAge(Duration d) {
            this.maxAge = d;
            return this;
        }

        /** Entries unused this long are dropped (default 10 min). */
        public Builder<K, V> idleExpiry(Duration d) {
            this.idleExpiry = d;
            return this;
        }

        /** The size bound (default 10,000). */
        public Builder<K, V> maximumSize(long n) {
            this.maximumSize = n;
            return this;
        }

        /** How long a read waits for the re-read of an over-age value (default {@link #STALE_WAIT}; tests). */
        Builder<K, V> staleWait(Duration d) {
            this.staleWait = d;
            return this;
        }

        /** The time source (tests). */
        public Builder<K, V> ticker(Ticker t) {
            this.ticker = t;
            return this;
        }

        /** The cache. */
        public RefreshingCache<K, V> build() {
            return new RefreshingCache<>(this);
        }
    }
}
