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

/**
 * Retention per data family: {@code GET/PUT /api/projects/{p}/retention} — days ({@code {"errors":30,…}},
 * 1–3650) and size caps in GB ({@code {"maxGb":{"errors":2}}}, null: none). PUT is partial. GET also shows
 * {@code dedupe_keys}, the days resend keys are kept (derived, not settable: see {@link DataFamily#DEDUPE_KEYS}).
 */
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
        ObjectNode caps = Json.object();
        queries.limits(project).forEach((f, l) -> {
            out.put(f.id(), l.days());
            if (l.maxBytes() > 0) {
                caps.put(f.id(), l.maxBytes() / (double) GB);
            } else {
                caps.putNull(f.id());
            }
        });
        out.set("maxGb", caps);
        Json.send(res, Status.OK_200, out);
    }

    private void put(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode body = ApiSupport.jsonBody(req);
        Map<DataFamily, Integer> days = new LinkedHashMap<>();
        Map<DataFamily, Long> caps = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (e.getKey().equals("maxGb")) {
                if (!e.getValue().isObject()) {
                    throw new IllegalArgumentException("maxGb must be an object of family: GB (null or 0: no cap)");
                }
                for (Map.Entry<String, JsonNode> c : e.getValue().properties()) {
                    caps.put(family(c.getKey()), bytes(c.getKey(), c.getValue()));
                }
                continue;
            }
            JsonNode v = e.getValue();
            DataFamily f = family(e.getKey());
            if (!v.canConvertToExactIntegral() || v.asInt() < 1 || v.asInt() > 3650) {
                throw new IllegalArgumentException(e.getKey() + " must be 1-3650 days");
            }
            days.put(f, v.asInt());
        }
        store.write(tx -> {
            days.forEach((f, d) -> tx.retention().setDays(project, f, d));
            caps.forEach((f, b) -> tx.retention().setMaxBytes(project, f, b));
            return null;
        });
        get(project, req, res);
    }

    private static final long GB = 1L << 30;

    private static DataFamily family(String id) {
        DataFamily f = DataFamily.byId(id).filter(DataFamily::settable).orElseThrow(() -> new IllegalArgumentException(
                "unknown family '" + id + "' (" + java.util.Arrays.stream(DataFamily.values())
                .filter(DataFamily::settable).map(DataFamily::id).collect(java.util.stream.Collectors.joining(", "))
                + "; dedupe_keys follows them: the longest of their days, at least "
                + DataFamily.DEDUPE_FLOOR_DAYS + ")"));
        return f;
    }

    /** GB as a number (fractions allowed, up to 100,000 GB); null or 0 lifts the cap. */
    private static long bytes(String family, JsonNode v) {
        if (v.isNull() || (v.isNumber() && v.asDouble() == 0)) {
            return 0;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100_000) {
            throw new IllegalArgumentException("maxGb." + family + " must be a number of GB up to 100000, "
                    + "or null/0 for no cap");
        }
        return Math.max(1, Math.round(v.asDouble() * GB));
    }
}
