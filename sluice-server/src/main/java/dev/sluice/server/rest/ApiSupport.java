package dev.sluice.server.rest;

import dev.sluice.server.auth.AdminToken;
import dev.sluice.server.http.Json;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** Shared checks of the REST API: the admin token and query parameters. */
public final class ApiSupport {

    private final Store store;

    ApiSupport(Store store) {
        this.store = store;
    }

    /**
     * Whether the request carries the admin token; answers 401 itself when not, and 503 when the token cannot
     * be checked (store unreachable before this node ever read it). The token's hash is cached
     * ({@link AdminToken}): a rotation is seen within a second, and an outage does not turn every call into 500.
     */
    boolean authorized(ServerRequest req, ServerResponse res) {
        return authorized(store, req, res);
    }

    /** {@link #authorized(ServerRequest, ServerResponse)} for handlers outside this package. */
    public static boolean authorized(Store store, ServerRequest req, ServerResponse res) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        boolean ok;
        try {
            ok = AdminToken.of(store).accepts(header);
        } catch (StoreException e) {
            res.header(HeaderNames.RETRY_AFTER, "1");
            Json.error(res, Status.SERVICE_UNAVAILABLE_503, "store unavailable, retry later");
            return false;
        }
        if (!ok) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Json.error(res, Status.UNAUTHORIZED_401, "admin token required (Authorization: Bearer sla_…)");
        }
        return ok;
    }

    /** A handler of one project's resource. */
    @FunctionalInterface
    interface ScopedHandler {
        void handle(ProjectId project, ServerRequest req, ServerResponse res);
    }

    /**
     * The one guard of a project's admin resource: the admin token (401/503 as {@link #authorized}), then the
     * {@code {project}} path parameter (404); empty when it answered the request itself.
     */
    public static Optional<Project> project(Store store, ServerRequest req, ServerResponse res) {
        if (!authorized(store, req, res)) {
            return Optional.empty();
        }
        Optional<Project> project = store.findProject(req.path().pathParameters().get("project"));
        if (project.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown project");
        }
        return project;
    }

    /** Checks the token, resolves the project and turns bad parameters into 400s. */
    io.helidon.webserver.http.Handler scoped(ScopedHandler handler) {
        return (req, res) -> {
            Optional<Project> project = project(store, req, res);
            if (project.isEmpty()) {
                return;
            }
            try {
                handler.handle(project.get().id(), req, res);
            } catch (IllegalArgumentException e) {
                Json.error(res, Status.BAD_REQUEST_400, e.getMessage());
            }
        };
    }

    /** The request body as a JSON object; a missing, oversized or non-object body is a client error. */
    static com.fasterxml.jackson.databind.node.ObjectNode jsonBody(ServerRequest req) {
        Optional<byte[]> bytes = dev.sluice.server.http.BodyReader.read(req, 65_536);
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("body too large");
        }
        try {
            if (Json.MAPPER.readTree(bytes.get()) instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                return o;
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        throw new IllegalArgumentException("body must be a JSON object");
    }

    static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(s -> !s.isEmpty());
    }

    /** The page size when {@code limit} is absent. */
    static final int DEFAULT_LIMIT = 50;
    /** The largest page. */
    static final int MAX_LIMIT = 200;

    /** The {@code limit} parameter: 1–{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}; anything else is a 400. */
    static int limit(ServerRequest req) {
        Optional<String> raw = query(req, "limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.get().strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT
                    + " (default " + DEFAULT_LIMIT + "); follow nextCursor for more");
        }
        return limit;
    }

    /** The one list shape: {@code {"items": […], "nextCursor": "…" | null}}. */
    static com.fasterxml.jackson.databind.node.ObjectNode list(com.fasterxml.jackson.databind.node.ArrayNode items,
                                                               Optional<String> nextCursor) {
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.object();
        out.set("items", items);
        nextCursor.ifPresentOrElse(c -> out.put("nextCursor", c), () -> out.putNull("nextCursor"));
        return out;
    }

    /** A complete list (no further page). */
    static com.fasterxml.jackson.databind.node.ObjectNode list(com.fasterxml.jackson.databind.node.ArrayNode items) {
        return list(items, Optional.empty());
    }
}
