package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.ReleaseHealthQueries;
import dev.sluice.server.http.Json;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What Sentry SDKs report besides events. {@code GET /api/projects/{p}/releases?from=&to=&environment=&release=}:
 * release health from sessions, per release and environment: sessions, healthy, errored, abnormal, crashed and
 * the crash-free session rate (sessions started in the range; default the last 30 days).
 * {@code GET /api/projects/{p}/client-reports?from=&to=}: items the SDKs dropped before sending, per reason and
 * category (UTC days in the range; default the last 30 days).
 */
public final class ReleaseApi {

    private final ReleaseHealthQueries health;
    private final ApiSupport support;
    private final Clock clock;

    private ReleaseApi(Store store, Clock clock) {
        this.health = ReleaseHealthQueries.create(store);
        this.support = new ApiSupport(store);
        this.clock = clock;
    }

    /** Registers the route. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        ReleaseApi api = new ReleaseApi(store, clock);
        routing.get("/api/projects/{project}/releases", api.support.scoped(api::list))
                .get("/api/projects/{project}/client-reports", api.support.scoped(api::clientReports));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        TimeRange range = TimeRange.of(req, clock.instant().plusSeconds(1), Duration.ofDays(30));
        long from = range.from().toEpochMilli();
        long to = range.to().toEpochMilli();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ReleaseHealthQueries.ReleaseHealth r : health.releases(project, from, to,
                ApiSupport.query(req, "environment"), ApiSupport.query(req, "release"))) {
            ObjectNode o = items.addObject().put("release", r.release());
            r.environment().ifPresent(e -> o.put("environment", e));
            o.put("sessions", r.sessions()).put("healthy", r.healthy()).put("errored", r.errored())
                    .put("abnormal", r.abnormal()).put("crashed", r.crashed());
            r.crashFreeRate().ifPresent(v -> o.put("crashFreeRate", Math.round(v * 10_000) / 10_000.0));
            o.put("lastSessionAt", Instant.ofEpochMilli(r.lastSessionHour()).toString());
        }
        Json.send(res, Status.OK_200, range.putInto(ApiSupport.list(items)));
    }

    private void clientReports(ProjectId project, ServerRequest req, ServerResponse res) {
        TimeRange range = TimeRange.of(req, clock.instant().plusSeconds(1), Duration.ofDays(30));
        long from = range.from().toEpochMilli();
        long to = range.to().toEpochMilli();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ReleaseHealthQueries.Discarded d : health.discarded(project, from, to)) {
            items.addObject().put("reason", d.reason()).put("category", d.category()).put("quantity", d.quantity());
        }
        Json.send(res, Status.OK_200, range.putInto(ApiSupport.list(items)));
    }
}
