package dev.sluice.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.store.ApiKey;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import io.github.bucket4j.Bucket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves raw keys to credentials. Keys are looked up by their SHA-256 and confirmed with a constant-time
 * comparison; only hashes are ever stored or cached.
 * <ul>
 *   <li><b>A new key works at once</b>: a hash this node has not seen is read through from the store (one
 *       indexed lookup), so a key made by the CLI or another node is accepted on its first request.</li>
 *   <li><b>Revocation is seen within {@link #REVOCATION_DELAY}</b> on every node: a known key is re-read in the
 *       background every half second while in use, and before use when its answer is older than that.</li>
 *   <li><b>Bad keys cannot hammer the store</b>: an unknown hash is remembered for {@link #NEGATIVE_TTL}
 *       (size-bounded), and lookups of hashes not cached are budgeted ({@link #LOOKUPS_PER_SECOND} a second per
 *       node); past the budget the answer is "cannot tell now" ({@link StoreException}: protocols answer 503
 *       with {@code Retry-After}), never a wrong "invalid key" to a real client whose key is new.</li>
 *   <li><b>Outages</b>: known keys keep working from the cache while the store is unreachable.</li>
 * </ul>
 */
public final class KeyRegistry implements AutoCloseable {

    /** The longest a revoked key keeps working on any node while the store answers. */
    public static final Duration REVOCATION_DELAY = Duration.ofSeconds(1);
    /** How long an unknown hash is answered without asking the store again. */
    public static final Duration NEGATIVE_TTL = Duration.ofSeconds(2);
    /** Store lookups of uncached hashes allowed per second per node (and as a burst). */
    public static final long LOOKUPS_PER_SECOND = 100;

    private final RefreshingCache<String, Optional<Entry>> known;
    private final Cache<String, Boolean> unknown = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(NEGATIVE_TTL).build();
    private final Bucket lookupBudget = Bucket.builder().addLimit(l -> l.capacity(LOOKUPS_PER_SECOND)
            .refillGreedy(LOOKUPS_PER_SECOND, Duration.ofSeconds(1))).build();

    private record Entry(byte[] hash, Credential credential) {
    }

    private KeyRegistry(Function<String, Optional<ApiKey>> lookup) {
        this.known = RefreshingCache.<String, Optional<Entry>>builder("keys", hash -> lookup.apply(hash)
                        .filter(ApiKey::active).flatMap(KeyRegistry::entry))
                .refreshAfter(REVOCATION_DELAY.dividedBy(2)).maxAge(REVOCATION_DELAY)
                .maximumSize(100_000).build();
    }

    /** A registry reading keys from {@code store}. */
    public static KeyRegistry start(Store store) {
        return new KeyRegistry(store::findKeyByHash);
    }

    /** A registry over any lookup by hash (tests count the lookups a flood causes). */
    static KeyRegistry over(Function<String, Optional<ApiKey>> lookup) {
        return new KeyRegistry(lookup);
    }

    private static Optional<Entry> entry(ApiKey key) {
        return KeyKind.byId(key.kind()).map(kind -> new Entry(HexFormat.of().parseHex(key.hash()),
                new Credential(key.id(), key.project(), kind)));
    }

    /**
     * Forgets the "unknown key" answers, after a key was created on this node. (Not the known keys: re-reading
     * all of them at once would spend the lookup budget; a revocation uses {@link #forget}.)
     */
    public void refresh() {
        unknown.invalidateAll();
    }

    /** Forgets what this node knows of {@code key}, after it was revoked here, so the revocation is immediate. */
    public void forget(ApiKey key) {
        known.invalidate(key.hash());
        unknown.invalidate(key.hash());
    }

    /**
     * The credential for {@code rawKey}, when it is an active key.
     *
     * @throws StoreException when the answer cannot be known now: the store is unreachable and the key is not
     *     cached, or this node is flooded with unknown keys. Protocols answer 503 with {@code Retry-After}.
     */
    public Optional<Credential> resolve(String rawKey) {
        byte[] hash = Secrets.sha256(rawKey);
        String hex = HexFormat.of().formatHex(hash);
        if (unknown.getIfPresent(hex) != null) {
            return Optional.empty();
        }
        if (!known.contains(hex) && !lookupBudget.tryConsume(1)) {
            throw new StoreException("too many unknown keys at once; cannot check this one now, retry shortly");
        }
        Optional<Entry> entry = known.get(hex);
        if (entry.isEmpty()) {
            known.invalidate(hex);
            unknown.put(hex, Boolean.TRUE);
            return Optional.empty();
        }
        return MessageDigest.isEqual(hash, entry.get().hash()) ? Optional.of(entry.get().credential()) : Optional.empty();
    }

    /** The credential for {@code rawKey} when it is active and of {@code kind}. */
    public Optional<Credential> resolve(String rawKey, KeyKind kind) {
        return resolve(rawKey).filter(c -> c.kind() == kind);
    }

    @Override
    public void close() {
        unknown.invalidateAll();
        known.invalidateAll();
    }
}
