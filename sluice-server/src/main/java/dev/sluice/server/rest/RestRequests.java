package dev.sluice.server.rest;

import dev.sluice.server.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import java.util.List;

/** Checks every REST request ({@code /api/projects/…}, {@code /api/admin/…}) shares, before any handler runs. */
public final class RestRequests {

    private RestRequests() {
    }

    /**
     * Refuses a NUL character ({@code %00}) in the path or a query parameter with 400: PostgreSQL cannot hold
     * NUL in text, so it would otherwise fail deep in a query as a 500, and no name, id or cursor contains one.
     */
    public static Filter filter() {
        return (chain, req, res) -> {
            String path = req.path().path();
            if ((path.startsWith("/api/projects/") || path.startsWith("/api/admin/")) && (path.indexOf('\0') >= 0
                    || req.query().names().stream().anyMatch(n -> n.indexOf('\0') >= 0
                    || req.query().all(n, List::of).stream().anyMatch(v -> v.indexOf('\0') >= 0)))) {
                Json.error(res, Status.BAD_REQUEST_400, "NUL characters (%00) are not allowed in paths or query parameters");
                return;
            }
            chain.proceed();
        };
    }
}
