package dev.sluice.server.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-key values read from the store at most once per {@code ttl}: project settings on the ingest hot path.
 * A change made on this node is seen at once ({@link #invalidate}); one made on another node sharing the
 * database within {@code ttl}. A concurrent miss may load twice; both loads read the same row.
 */
public final class TtlCache<K, V> {

    private final Clock clock;
    private final long ttlMillis;
    private final Function<K, V> loader;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    private record Entry<V>(V value, long loadedAt) {
    }

    private TtlCache(Clock clock, Duration ttl, Function<K, V> loader) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.loader = loader;
    }

    /** A cache that loads missing or expired keys with {@code loader}. */
    public static <K, V> TtlCache<K, V> create(Clock clock, Duration ttl, Function<K, V> loader) {
        return new TtlCache<>(clock, ttl, loader);
    }

    /** The value for {@code key}, loaded when absent or older than the ttl. */
    public V get(K key) {
        long now = clock.millis();
        Entry<V> e = entries.get(key);
        if (e == null || now - e.loadedAt() > ttlMillis) {
            e = new Entry<>(loader.apply(key), now);
            entries.put(key, e);
        }
        return e.value();
    }

    /** Forgets {@code key}, after a local change. */
    public void invalidate(K key) {
        entries.remove(key);
    }
}
