package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.RetentionQueries;
import dev.sluice.server.http.Json;
import dev.sluice.store.DataFamily;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Days kept per data family: {@code GET/PUT /api/projects/{p}/retention} ({@code {"errors":30,…}}, 1–3650). */
public final class RetentionApi {

    private final Store store;
    private final RetentionQueries queries;
    private final ApiSupport support;

    private RetentionApi(Store store) {
        this.store = store;
        this.queries = RetentionQueries.create(store);
        this.support = new ApiSupport(store);
    }

    public static void register(HttpRouting.Builder routing, Store store) {
        RetentionApi api = new RetentionApi(store);
        routing.get("/api/projects/{project}/retention", api.support.scoped(api::get))
                .put("/api/projects/{project}/retention", api.support.scoped(api::put));
    }

    private void get(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode out = Json.object();
        queries.days(project).forEach((f, d) -> out.put(f.id(), d));
        Json.send(res, Status.OK_200, out);
    }

    private void put(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode body = ApiSupport.jsonBody(req);
        Map<DataFamily, Integer> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            DataFamily f = DataFamily.byId(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown family '" + e.getKey() + "' (errors, transactions, ai, job_events, queue_snapshots, analytics, logs)"));
            JsonNode v = e.getValue();
            if (!v.canConvertToExactIntegral() || v.asInt() < 1 || v.asInt() > 3650) {
                throw new IllegalArgumentException(e.getKey() + " must be 1-3650 days");
            }
            changes.put(f, v.asInt());
        }
        store.write(tx -> {
            changes.forEach((f, d) -> tx.retention().setDays(project, f, d));
            return null;
        });
        get(project, req, res);
    }
}
