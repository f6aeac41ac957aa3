package dev.sluice.server.pug;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.query.insights.InsightEngines;
import dev.sluice.query.insights.ReplicaActivity;
import dev.sluice.server.auth.AdminToken;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pug product analytics over Connect (pug.md): ingestion ({@code sdk.*}) and the read services
 * ({@code shared.*}), plus the same RPCs as admin-token JSON under {@code /api/projects/{p}/analytics/…}.
 */
public final class PugApi {

    /** Pug's service names: {@code sdk.devices.v1.DevicesService}, {@code shared.insights.v1.InsightsService}, … */
    private static final java.util.regex.Pattern PUG_SERVICE =
            java.util.regex.Pattern.compile("(sdk|shared)\\.[a-z][a-z0-9_]*\\.v[0-9]+\\.[A-Z][A-Za-z0-9]*Service");

    private PugApi() {
    }

    /** Registers the Pug routes; call after the other routes (it answers unknown dotted RPC paths). */
    public static void register(HttpRouting.Builder routing, Store store, IngestSteps steps, Clock clock,
                                AnalyticsReplica replica) {
        Map<String, Rpc> rpcs = new LinkedHashMap<>();
        PugIngest ingest = new PugIngest(steps);
        add(rpcs, Rpc.unary("/sdk.events.v1.EventsService/BatchCreate",
                dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest.getDefaultInstance(), true, ingest::batchCreate));
        add(rpcs, Rpc.unary("/sdk.profiles.v1.ProfilesSDKService/Identify",
                dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest.getDefaultInstance(), true, ingest::identify));
        ReplicaActivity activity = ReplicaActivity.create(replica);
        ProfileRpcs.create(store, steps, clock, replica).rpcs().forEach(r -> add(rpcs, r));
        ActivityRpcs.create(store, clock, activity).rpcs().forEach(r -> add(rpcs, r));
        InsightRpcs.create(store, InsightEngines.replica(replica, store), activity).rpcs().forEach(r -> add(rpcs, r));
        ConnectHandler connect = new ConnectHandler(rpcs, new PugAuth(steps), steps);
        // The original's plain health endpoints (no auth; the body format is unknown, 200 is what matters).
        routing.get("/healthz", (req, res) -> Json.send(res, Status.OK_200, Json.object().put("status", "ok")))
                .get("/readyz", (req, res) -> {
                    try {
                        dev.sluice.query.StoreHealth.check(store);
                        Json.send(res, Status.OK_200, Json.object().put("status", "ready"));
                    } catch (RuntimeException e) {
                        Json.send(res, Status.SERVICE_UNAVAILABLE_503, Json.object().put("status", "store unavailable"));
                    }
                });
        for (String path : rpcs.keySet()) {
            routing.post(path, connect::handle);
        }
        routing.post("/api/projects/{project}/analytics/{service}/{method}", (req, res) -> {
            Optional<Project> project = dev.sluice.server.rest.ApiSupport.project(store, req, res);
            if (project.isEmpty()) {
                return;
            }
            connect.handleRest(project.get().id(), "/" + req.path().pathParameters().get("service") + "/"
                    + req.path().pathParameters().get("method"), req, res);
        });
        // Any other RPC of a Pug service is a Connect call we do not serve (e.g. DevicesService): unimplemented.
        // Other paths fall through to the routes after this one and, when none matches, to the JSON 404.
        routing.post("/{service}/{method}", (req, res) -> {
            if (PUG_SERVICE.matcher(req.path().pathParameters().get("service")).matches()) {
                connect.handle(req, res);
            } else {
                res.next();
            }
        });
    }

    private static void add(Map<String, Rpc> rpcs, Rpc rpc) {
        if (rpcs.put(rpc.path(), rpc) != null) {
            throw new IllegalStateException("duplicate RPC " + rpc.path());
        }
    }

    /** The paths served, for docs and tests. */
    static List<String> paths(Map<String, Rpc> rpcs) {
        return List.copyOf(rpcs.keySet());
    }
}
