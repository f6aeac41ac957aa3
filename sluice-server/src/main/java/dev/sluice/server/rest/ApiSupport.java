package dev.sluice.server.rest;

import dev.sluice.server.auth.AdminToken;
import dev.sluice.server.http.Json;
import dev.sluice.store.Store;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** Shared checks of the REST API: the admin token and query parameters. */
final class ApiSupport {

    private final Store store;

    ApiSupport(Store store) {
        this.store = store;
    }

    /**
     * Whether the request carries the admin token; answers 401 itself when not. The token is read from the
     * store each time (a cheap primary-key lookup on a non-hot path), so rotating it needs no restart.
     */
    boolean authorized(ServerRequest req, ServerResponse res) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        boolean ok = AdminToken.load(store).map(t -> t.accepts(header)).orElse(false);
        if (!ok) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Json.error(res, Status.UNAUTHORIZED_401, "admin token required (Authorization: Bearer sla_…)");
        }
        return ok;
    }

    static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(s -> !s.isEmpty());
    }

    /** The {@code limit} parameter; a non-number is a client error. */
    static int limit(ServerRequest req) {
        Optional<String> raw = query(req, "limit");
        if (raw.isEmpty()) {
            return 50;
        }
        try {
            return Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number");
        }
    }
}
