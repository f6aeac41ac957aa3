package dev.sluice.server.auth;

import dev.sluice.store.ApiKey;
import dev.sluice.store.Store;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves raw keys to credentials on the hot path without a database round trip: a snapshot of all active
 * key hashes is reloaded every {@link #REFRESH_MILLIS} ms, so a key created or revoked by any node (or the
 * CLI) takes effect within a second. Lookup is by hash, then confirmed with a constant-time comparison.
 */
public final class KeyRegistry implements AutoCloseable {

    /** How often the snapshot is reloaded. */
    public static final long REFRESH_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(KeyRegistry.class);

    private final Store store;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, Entry> byHash = Map.of();

    private KeyRegistry(Store store) {
        this.store = store;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-key-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the keys and starts refreshing them. */
    public static KeyRegistry start(Store store) {
        KeyRegistry registry = new KeyRegistry(store);
        registry.refresh();
        registry.refresher.scheduleWithFixedDelay(registry::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS,
                TimeUnit.MILLISECONDS);
        return registry;
    }

    private record Entry(byte[] hash, Credential credential) {
    }

    /** Reloads the snapshot now (after a local create or revoke). */
    public void refresh() {
        Map<String, Entry> next = new HashMap<>();
        for (ApiKey key : store.listKeys()) {
            if (key.active()) {
                KeyKind.byId(key.kind()).ifPresent(kind -> next.put(key.hash(), new Entry(
                        HexFormat.of().parseHex(key.hash()), new Credential(key.id(), key.project(), kind))));
            }
        }
        byHash = Map.copyOf(next);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Keep serving the last snapshot; the store may be briefly unavailable.
            LOG.warn("event=key_refresh_failed error=\"{}\"", e.getMessage());
        }
    }

    /** The credential for {@code rawKey}, when it is an active key. */
    public Optional<Credential> resolve(String rawKey) {
        byte[] hash = Secrets.sha256(rawKey);
        Entry entry = byHash.get(HexFormat.of().formatHex(hash));
        if (entry == null || !MessageDigest.isEqual(hash, entry.hash())) {
            return Optional.empty();
        }
        return Optional.of(entry.credential());
    }

    /** The credential for {@code rawKey} when it is active, of {@code kind}, and of any project. */
    public Optional<Credential> resolve(String rawKey, KeyKind kind) {
        return resolve(rawKey).filter(c -> c.kind() == kind);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
