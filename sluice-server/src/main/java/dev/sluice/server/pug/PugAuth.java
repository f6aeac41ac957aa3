package dev.sluice.server.pug;

import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Pug's credential rules (pug.md §2) with the original's exact messages. {@code sdk.*} takes a {@code pub_}
 * or {@code prv_} key in {@code x-api-key}, or a {@code pub_} key in {@code ?api_key=} (browser beacons);
 * {@code shared.*} needs a {@code prv_} key (dashboard JWTs are not supported here).
 */
final class PugAuth {

    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("x-api-key");

    private final KeyRegistry keys;

    PugAuth(KeyRegistry keys) {
        this.keys = keys;
    }

    /** The credential of the request, or an {@code unauthenticated} error. */
    Credential authenticate(ServerRequest req, boolean sdk) {
        Optional<String> header = req.headers().first(API_KEY).filter(v -> !v.isEmpty());
        if (sdk) {
            if (header.isPresent()) {
                return lookup(header.get(), true);
            }
            Optional<String> query = req.query().first("api_key").asOptional().filter(v -> !v.isEmpty());
            if (query.isEmpty()) {
                throw unauthenticated("x-api-key header not present");
            }
            if (query.get().startsWith(KeyKind.PUG_PRIVATE.prefix())) {
                throw unauthenticated("beacon requests only support public API keys");
            }
            return lookup(query.get(), true);
        }
        if (header.isEmpty()) {
            throw unauthenticated("Authorization header not present");
        }
        return lookup(header.get(), false);
    }

    private Credential lookup(String raw, boolean allowPublic) {
        boolean shaped = raw.startsWith(KeyKind.PUG_PRIVATE.prefix())
                || allowPublic && raw.startsWith(KeyKind.PUG_PUBLIC.prefix());
        Optional<Credential> credential;
        try {
            credential = shaped ? keys.resolve(raw) : Optional.empty();
        } catch (dev.sluice.store.StoreException e) {
            // Cannot tell now (store unreachable, key not cached): retryable, not a verdict on the key.
            throw new ConnectException(ConnectCode.UNAVAILABLE, "cannot check the API key now, retry later");
        }
        return credential.filter(c -> c.kind() == KeyKind.PUG_PRIVATE
                        || allowPublic && c.kind() == KeyKind.PUG_PUBLIC)
                .orElseThrow(() -> unauthenticated("invalid API key"));
    }

    private static ConnectException unauthenticated(String message) {
        return new ConnectException(ConnectCode.UNAUTHENTICATED, message, "UNAUTHENTICATED");
    }
}
