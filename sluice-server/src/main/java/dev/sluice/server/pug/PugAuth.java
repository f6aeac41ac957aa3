package dev.sluice.server.pug;

import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.Refusal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Pug's credential rules (pug.md §2) with the original's exact messages. {@code sdk.*} takes a {@code pub_}
 * or {@code prv_} key in {@code x-api-key}, or a {@code pub_} key in {@code ?api_key=} (browser beacons);
 * {@code shared.*} needs a {@code prv_} key (dashboard JWTs are not supported here).
 */
final class PugAuth {

    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("x-api-key");
    private static final Set<KeyKind> SDK_KINDS = Set.of(KeyKind.PUG_PRIVATE, KeyKind.PUG_PUBLIC);
    private static final Set<KeyKind> READ_KINDS = Set.of(KeyKind.PUG_PRIVATE);

    private final IngestSteps steps;

    PugAuth(IngestSteps steps) {
        this.steps = steps;
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
        if (header.get().startsWith(KeyKind.PUG_PUBLIC.prefix())) {
            // Said from the prefix alone, before any lookup: nothing about whether that key exists.
            throw unauthenticated("invalid API key: public keys (pub_) can only send events; reading needs a private"
                    + " key (prv_)");
        }
        return lookup(header.get(), false);
    }

    private Credential lookup(String raw, boolean allowPublic) {
        boolean shaped = raw.startsWith(KeyKind.PUG_PRIVATE.prefix())
                || allowPublic && raw.startsWith(KeyKind.PUG_PUBLIC.prefix());
        if (!shaped) {
            throw unauthenticated("invalid API key");
        }
        try {
            return steps.authenticate(raw, allowPublic ? SDK_KINDS : READ_KINDS);
        } catch (Refusal r) {
            if (r.reason() == Refusal.Reason.UNAVAILABLE) {
                // Cannot tell now (store unreachable, key not cached): retryable, not a verdict on the key.
                throw new ConnectException(ConnectCode.UNAVAILABLE, "cannot check the API key now, retry later");
            }
            throw unauthenticated("invalid API key");
        }
    }

    private static ConnectException unauthenticated(String message) {
        return new ConnectException(ConnectCode.UNAUTHENTICATED, message, "UNAUTHENTICATED");
    }
}
