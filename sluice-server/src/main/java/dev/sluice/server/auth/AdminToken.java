package dev.sluice.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.store.Store;
import java.time.Duration;
import java.util.Optional;

/**
 * The admin token guards the admin and read APIs. Only its hash is stored, as the setting {@value #SETTING}.
 * A node holds the hash in a {@link RefreshingCache}: a new token written to the store (a reset from the CLI or
 * another node) is honoured within {@link #CHANGE_DELAY}, and the last known hash keeps serving while the
 * store is unreachable, so an outage does not lock operators out of the API.
 */
public final class AdminToken {

    /** The settings key holding the token's SHA-256. */
    public static final String SETTING = "admin_token_sha256";
    /** Raw admin tokens start with this. */
    public static final String PREFIX = "sla_";
    /** The longest a replaced token keeps working on a node while the store answers. */
    public static final Duration CHANGE_DELAY = Duration.ofSeconds(1);

    /**
     * One cache per store instance (weak keys: identity, and gone with the store), so every API of a node shares
     * it without threading it through each handler; two nodes in one JVM have two stores and two caches.
     */
    private static final Cache<Store, AdminToken> PER_STORE = Caffeine.newBuilder().weakKeys().build();

    private final RefreshingCache<String, Optional<String>> hash;

    private AdminToken(Store store) {
        this.hash = RefreshingCache.<String, Optional<String>>builder("admin-token", store::setting)
                .refreshAfter(CHANGE_DELAY.dividedBy(2)).maxAge(CHANGE_DELAY).maximumSize(1).build();
    }

    /** The token configured in {@code store}, cached (the same instance for the same store). */
    public static AdminToken of(Store store) {
        return PER_STORE.get(store, AdminToken::new);
    }

    /**
     * Whether an {@code Authorization} header value carries the token (constant-time comparison of hashes).
     *
     * @throws dev.sluice.store.StoreException when the store is unreachable and the token was never read
     */
    public boolean accepts(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return hash.get(SETTING).map(h -> Secrets.matches(authorization.get().substring(7).trim(), h)).orElse(false);
    }

    /** Forgets the cached hash, after this node changed the token, so the change takes effect here at once. */
    public void invalidate() {
        hash.invalidate(SETTING);
    }
}
