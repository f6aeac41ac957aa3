package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.LogQueries;
import dev.sluice.query.LogView;
import dev.sluice.query.Page;
import dev.sluice.server.http.Json;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/projects/{p}/logs?from=&to=&severity=&q=&traceId=&limit=&cursor=}: log records, newest first.
 * {@code from}/{@code to} are ISO instants (default: the last 24 hours); {@code severity} is a minimum, by name
 * ({@code info}, {@code warn}, {@code error}, …) or OpenTelemetry number; {@code q} matches the body.
 */
public final class LogApi {

    private static final Map<String, Integer> SEVERITIES = Map.of("trace", 1, "debug", 5, "info", 9, "warn", 13,
            "warning", 13, "error", 17, "fatal", 21);

    private final LogQueries logs;
    private final ApiSupport support;
    private final Clock clock;

    private LogApi(Store store, Clock clock) {
        this.logs = LogQueries.create(store);
        this.support = new ApiSupport(store);
        this.clock = clock;
    }

    /** Registers the route. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        LogApi api = new LogApi(store, clock);
        routing.get("/api/projects/{project}/logs", api.support.scoped(api::list));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        TimeRange range = TimeRange.of(req, clock.instant().plusSeconds(1), Duration.ofDays(1));
        LogQueries.Filter filter = new LogQueries.Filter(range.from().toEpochMilli(), range.to().toEpochMilli(),
                severity(ApiSupport.query(req, "severity")), ApiSupport.query(req, "q").filter(s -> !s.isEmpty()),
                ApiSupport.query(req, "traceId").filter(s -> !s.isEmpty()));
        Page<LogView> page = logs.list(project, filter, ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(l -> items.add(json(l)));
        Json.send(res, Status.OK_200, ApiSupport.list(items, page.nextCursor()));
    }

    private static ObjectNode json(LogView l) {
        ObjectNode o = Json.object().put("id", l.id()).put("timestamp", Instant.ofEpochMilli(l.occurredAt()).toString())
                .put("severityNumber", l.severityNumber()).put("severity", l.severityText()).put("body", l.body());
        l.traceId().ifPresent(v -> o.put("traceId", v));
        l.spanId().ifPresent(v -> o.put("spanId", v));
        l.service().ifPresent(v -> o.put("service", v));
        l.environment().ifPresent(v -> o.put("environment", v));
        l.release().ifPresent(v -> o.put("release", v));
        try {
            o.set("attributes", Json.MAPPER.readTree(l.attributesJson()));
        } catch (IOException e) {
            o.put("attributes", l.attributesJson());
        }
        return o;
    }

    private static int severity(Optional<String> raw) {
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return 0;
        }
        Integer named = SEVERITIES.get(raw.get().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("severity must be a name (" + SEVERITIES.keySet() + ") or a number");
        }
    }
}
