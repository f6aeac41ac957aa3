package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.auth.KeyAdmin;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.auth.SentryDsn;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.Json;
import dev.sluice.store.ApiKey;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The admin API, the HTTP twin of {@code sluice project …} and {@code sluice key …}, guarded by the admin
 * token: {@code GET/POST /api/admin/projects}, {@code GET/POST /api/admin/keys},
 * {@code DELETE /api/admin/keys/{id}}.
 */
public final class AdminApi {

    private final Store store;
    private final KeyAdmin keyAdmin;
    private final KeyRegistry registry;
    private final ApiSupport support;
    private final Clock clock;

    private AdminApi(Store store, KeyRegistry registry, Clock clock) {
        this.store = store;
        this.keyAdmin = KeyAdmin.create(store, clock);
        this.registry = registry;
        this.support = new ApiSupport(store);
        this.clock = clock;
    }

    /** Registers the admin routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, KeyRegistry registry, Clock clock) {
        AdminApi api = new AdminApi(store, registry, clock);
        routing.get("/api/admin/projects", api::listProjects)
                .post("/api/admin/projects", api::createProject)
                .get("/api/admin/keys", api::listKeys)
                .post("/api/admin/keys", api::createKey)
                .delete("/api/admin/keys/{id}", api::revokeKey);
    }

    private void listProjects(ServerRequest req, ServerResponse res) {
        if (!support.authorized(req, res)) {
            return;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        store.listProjects().forEach(p -> out.add(project(p, req)));
        Json.send(res, Status.OK_200, ApiSupport.list(out));
    }

    private void createProject(ServerRequest req, ServerResponse res) {
        if (!support.authorized(req, res)) {
            return;
        }
        Optional<String> name = body(req, res).flatMap(b -> text(b, "name"));
        if (name.isEmpty()) {
            if (!res.isSent()) {
                Json.error(res, Status.BAD_REQUEST_400, "body must be {\"name\": \"…\"}");
            }
            return;
        }
        if (!Names.valid(name.get())) {
            Json.error(res, Status.BAD_REQUEST_400, Names.RULE);
            return;
        }
        try {
            Json.send(res, Status.CREATED_201, project(store.createProject(name.get(), clock.millis()), req));
        } catch (StoreException e) {
            if (StoreException.classify(e) != StoreException.Failure.DUPLICATE) {
                throw e;
            }
            Json.error(res, Status.CONFLICT_409, "project already exists: " + name.get());
        }
    }

    private void listKeys(ServerRequest req, ServerResponse res) {
        if (!support.authorized(req, res)) {
            return;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        store.listKeys().forEach(k -> out.add(key(k)));
        Json.send(res, Status.OK_200, ApiSupport.list(out));
    }

    private void createKey(ServerRequest req, ServerResponse res) {
        if (!support.authorized(req, res)) {
            return;
        }
        Optional<JsonNode> body = body(req, res);
        if (body.isEmpty()) {
            if (!res.isSent()) {
                Json.error(res, Status.BAD_REQUEST_400, "body must be {\"project\": \"…\", \"type\": \"…\"}");
            }
            return;
        }
        Optional<KeyKind> kind = text(body.get(), "type").flatMap(KeyKind::byId);
        if (kind.isEmpty()) {
            Json.error(res, Status.BAD_REQUEST_400, "type must be one of: " + KeyKind.names());
            return;
        }
        Optional<Project> project = text(body.get(), "project").flatMap(store::findProject);
        if (project.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown project");
            return;
        }
        KeyAdmin.CreatedKey created = keyAdmin.create(project.get(), kind.get());
        registry.refresh();
        ObjectNode out = key(created.stored());
        out.put("key", created.rawKey());
        if (kind.get() == KeyKind.OPENSENTRY) {
            out.put("sentryDsn", SentryDsn.of(baseUrl(req), created.rawKey(), project.get().number()));
        }
        Json.send(res, Status.CREATED_201, out);
    }

    private void revokeKey(ServerRequest req, ServerResponse res) {
        if (!support.authorized(req, res)) {
            return;
        }
        String idOrHint = req.path().pathParameters().get("id");
        List<ApiKey> matching = store.listKeys().stream()
                .filter(k -> k.active() && (k.id().equals(idOrHint) || k.hint().equals(idOrHint))).toList();
        if (keyAdmin.revoke(idOrHint)) {
            matching.forEach(registry::forget);
            res.status(Status.NO_CONTENT_204).send();
        } else {
            Json.error(res, Status.NOT_FOUND_404, "no active key with that id");
        }
    }

    private static Optional<JsonNode> body(ServerRequest req, ServerResponse res) {
        Optional<byte[]> bytes = BodyReader.read(req, 16_384);
        if (bytes.isEmpty()) {
            Json.error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "body too large");
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(bytes.get())).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    /** A project, with its number and the shape of its Sentry DSN (the key is shown only when created). */
    static ObjectNode project(Project p, ServerRequest req) {
        return Json.object().put("id", p.id().value()).put("name", p.name()).put("createdAt", Json.time(p.createdAt()))
                .put("number", p.number())
                .put("sentryDsn", SentryDsn.of(baseUrl(req), SentryDsn.KEY_PLACEHOLDER, p.number()));
    }

    /** {@code http://} and the Host the client used to reach us. */
    private static String baseUrl(ServerRequest req) {
        return "http://" + req.headers().first(io.helidon.http.HeaderNames.HOST).orElse("localhost:3001");
    }

    private ObjectNode key(ApiKey k) {
        ObjectNode out = Json.object().put("id", k.id()).put("type", k.kind()).put("hint", k.hint())
                .put("projectId", k.project().value()).put("createdAt", Json.time(k.createdAt())).put("active", k.active());
        k.revokedAt().ifPresent(t -> out.put("revokedAt", Json.time(t)));
        return out;
    }
}
