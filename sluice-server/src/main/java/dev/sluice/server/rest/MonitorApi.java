package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.MonitorQueries;
import dev.sluice.query.Page;
import dev.sluice.server.http.Json;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * Cron monitors (from Sentry {@code check_in} items): {@code GET /api/projects/{p}/monitors} lists them with
 * their schedule, last status and next expected run; {@code GET /api/projects/{p}/monitors/{slug}/checkins}
 * pages through a monitor's runs, newest first ({@code limit}, {@code cursor}).
 */
public final class MonitorApi {

    private final MonitorQueries monitors;
    private final ApiSupport support;

    private MonitorApi(Store store) {
        this.monitors = MonitorQueries.create(store);
        this.support = new ApiSupport(store);
    }

    /** Registers the routes. */
    public static void register(HttpRouting.Builder routing, Store store) {
        MonitorApi api = new MonitorApi(store);
        routing.get("/api/projects/{project}/monitors", api.support.scoped(api::list))
                .get("/api/projects/{project}/monitors/{slug}/checkins", api.support.scoped(api::checkIns));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        monitors.monitors(project).forEach(m -> items.add(json(m)));
        Json.send(res, Status.OK_200, ApiSupport.list(items));
    }

    private void checkIns(ProjectId project, ServerRequest req, ServerResponse res) {
        String slug = req.path().pathParameters().get("slug");
        Optional<MonitorQueries.MonitorView> monitor = monitors.monitor(project, slug);
        if (monitor.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown monitor");
            return;
        }
        Page<MonitorQueries.CheckInView> page = monitors.checkIns(project, monitor.get().id(),
                ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (MonitorQueries.CheckInView c : page.items()) {
            ObjectNode o = items.addObject().put("id", c.id()).put("status", c.status())
                    .put("startedAt", Instant.ofEpochMilli(c.startedAt()).toString())
                    .put("receivedAt", Instant.ofEpochMilli(c.receivedAt()).toString());
            c.checkInId().ifPresent(v -> o.put("checkInId", v));
            c.finishedAt().ifPresent(v -> o.put("finishedAt", Instant.ofEpochMilli(v).toString()));
            c.durationMs().ifPresent(v -> o.put("durationMs", v));
            c.environment().ifPresent(v -> o.put("environment", v));
            c.release().ifPresent(v -> o.put("release", v));
        }
        ObjectNode out = ApiSupport.list(items, page.nextCursor());
        out.set("monitor", json(monitor.get()));
        Json.send(res, Status.OK_200, out);
    }

    private static ObjectNode json(MonitorQueries.MonitorView m) {
        ObjectNode o = Json.object().put("id", m.id()).put("slug", m.slug());
        o.putObject("schedule").put("type", m.scheduleType()).put("value", m.schedule());
        o.put("checkinMarginMinutes", m.checkinMarginMinutes()).put("maxRuntimeMinutes", m.maxRuntimeMinutes())
                .put("timezone", m.timezone()).put("createdAt", Instant.ofEpochMilli(m.createdAt()).toString());
        m.lastCheckinAt().ifPresent(v -> o.put("lastCheckInAt", Instant.ofEpochMilli(v).toString()));
        m.lastStatus().ifPresent(v -> o.put("lastStatus", v));
        m.nextExpectedAt().ifPresent(v -> o.put("nextExpectedAt", Instant.ofEpochMilli(v).toString()));
        return o;
    }
}
