package dev.sluice.server.auth;

import dev.sluice.store.Store;
import java.util.Optional;

/** The admin token guards the admin and read APIs. Only its hash is stored, as the setting {@value #SETTING}. */
public final class AdminToken {

    /** The settings key holding the token's SHA-256. */
    public static final String SETTING = "admin_token_sha256";
    /** Raw admin tokens start with this. */
    public static final String PREFIX = "sla_";

    private final String hash;

    private AdminToken(String hash) {
        this.hash = hash;
    }

    /** The token configured in {@code store}, if bootstrap has run. */
    public static Optional<AdminToken> load(Store store) {
        return store.setting(SETTING).map(AdminToken::new);
    }

    /**
     * Replaces the admin token with a new random one and answers it (shown once; only its hash is stored).
     * Servers read the token from the store, so every node accepts the new one without a restart.
     */
    public static String reset(Store store) {
        String token = Secrets.generate(PREFIX);
        store.putSetting(SETTING, Secrets.sha256Hex(token));
        return token;
    }

    /** Whether an {@code Authorization} header value carries this token. */
    public boolean accepts(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return Secrets.matches(authorization.get().substring(7).trim(), hash);
    }
}
