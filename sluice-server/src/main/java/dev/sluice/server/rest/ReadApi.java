package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.AiUsageQueries;
import dev.sluice.query.IssueQueries;
import dev.sluice.query.IssueSummary;
import dev.sluice.query.Occurrence;
import dev.sluice.query.Page;
import dev.sluice.query.TransactionQueries;
import dev.sluice.query.TransactionView;
import dev.sluice.query.UsageRow;
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
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read API (JSON), enough to verify ingest by curl and to back the dashboard later. Everything lives
 * under {@code /api/projects/{project}/…}, takes the admin token, and lists newest first with cursors.
 */
public final class ReadApi {

    private static final int RECENT_OCCURRENCES = 20;

    private final ApiSupport support;
    private final IssueQueries issues;
    private final TransactionQueries transactions;
    private final AiUsageQueries usage;
    private final Clock clock;

    private ReadApi(Store store, Clock clock) {
        this.support = new ApiSupport(store);
        this.issues = IssueQueries.create(store);
        this.transactions = TransactionQueries.create(store);
        this.usage = AiUsageQueries.create(store);
        this.clock = clock;
    }

    /** Registers the read routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        ReadApi api = new ReadApi(store, clock);
        routing.get("/api/projects/{project}/issues", api.scoped(api::listIssues))
                .get("/api/projects/{project}/issues/{id}", api.scoped(api::getIssue))
                .get("/api/projects/{project}/issues/{id}/events", api.scoped(api::listOccurrences))
                .get("/api/projects/{project}/transactions", api.scoped(api::listTransactions))
                .get("/api/projects/{project}/ai/usage", api.scoped(api::aiUsage));
    }

    private io.helidon.webserver.http.Handler scoped(ApiSupport.ScopedHandler handler) {
        return support.scoped(handler);
    }

    private void listIssues(ProjectId project, ServerRequest req, ServerResponse res) {
        Page<IssueSummary> page = issues.list(project, ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        Json.send(res, Status.OK_200, page(page, ReadApi::issue));
    }

    private void getIssue(ProjectId project, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<IssueSummary> issue = issues.get(project, id);
        if (issue.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown issue");
            return;
        }
        ObjectNode out = issue(issue.get());
        Page<Occurrence> recent = issues.occurrences(project, id, Optional.empty(), RECENT_OCCURRENCES);
        out.set("recentEvents", page(recent, ReadApi::occurrence));
        Json.send(res, Status.OK_200, out);
    }

    private void listOccurrences(ProjectId project, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Page<Occurrence> page = issues.occurrences(project, id, ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        Json.send(res, Status.OK_200, page(page, ReadApi::occurrence));
    }

    private void listTransactions(ProjectId project, ServerRequest req, ServerResponse res) {
        Page<TransactionView> page = transactions.list(project, ApiSupport.query(req, "name"),
                ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        Json.send(res, Status.OK_200, page(page, ReadApi::transaction));
    }

    private void aiUsage(ProjectId project, ServerRequest req, ServerResponse res) {
        Instant to = instant(req, "to").orElse(clock.instant());
        Instant from = instant(req, "from").orElse(to.minus(Duration.ofDays(30)));
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (UsageRow u : usage.totals(project, from, to)) {
            ObjectNode row = rows.addObject().put("provider", u.provider()).put("model", u.model())
                    .put("generations", u.generations()).put("inputTokens", u.inputTokens())
                    .put("outputTokens", u.outputTokens()).put("totalTokens", u.totalTokens())
                    .put("cachedInputTokens", u.cachedInputTokens()).put("cacheWriteTokens", u.cacheWriteTokens())
                    .put("costUsd", Json.usd(u.costUsd())).put("unpricedGenerations", u.unpricedGenerations());
            u.avgLatencyMs().ifPresent(ms -> row.put("avgLatencyMs", Json.decimal(ms, 1)));
        }
        Json.send(res, Status.OK_200, ApiSupport.list(rows).put("from", from.toString()).put("to", to.toString()));
    }

    private static Optional<Instant> instant(ServerRequest req, String name) {
        Optional<String> raw = ApiSupport.query(req, name);
        try {
            return raw.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static <T> ObjectNode page(Page<T> page, Function<T, ObjectNode> render) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(i -> items.add(render.apply(i)));
        return ApiSupport.list(items, page.nextCursor());
    }

    private static ObjectNode issue(IssueSummary i) {
        ObjectNode out = Json.object().put("id", i.id()).put("title", i.title()).put("level", i.level())
                .put("count", i.count()).put("firstSeen", Instant.ofEpochMilli(i.firstSeen()).toString())
                .put("lastSeen", Instant.ofEpochMilli(i.lastSeen()).toString())
                .put("fingerprint", i.fingerprint()).put("groupingRule", i.ruleVersion());
        i.lastRelease().ifPresent(r -> out.put("lastRelease", r));
        i.lastEnvironment().ifPresent(e -> out.put("lastEnvironment", e));
        return out;
    }

    private static ObjectNode occurrence(Occurrence o) {
        ObjectNode out = Json.object().put("id", o.id()).put("issueId", o.issueId()).put("level", o.level())
                .put("receivedAt", Instant.ofEpochMilli(o.receivedAt()).toString())
                .put("timestamp", Instant.ofEpochMilli(o.occurredAt()).toString());
        o.environment().ifPresent(e -> out.put("environment", e));
        o.release().ifPresent(r -> out.put("release", r));
        try {
            JsonNode detail = Json.MAPPER.readTree(o.detailJson());
            detail.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        } catch (IOException e) {
            out.put("detailError", "stored detail is not JSON");
        }
        return out;
    }

    private static ObjectNode transaction(TransactionView t) {
        ObjectNode out = Json.object().put("id", t.id()).put("name", t.name()).put("traceId", t.traceId())
                .put("durationMs", Json.decimal(t.durationMs(), 3)).put("status", t.status())
                .put("timestamp", Instant.ofEpochMilli(t.occurredAt()).toString());
        t.environment().ifPresent(e -> out.put("environment", e));
        t.release().ifPresent(r -> out.put("release", r));
        ArrayNode spans = out.putArray("spans");
        for (TransactionView.SpanView s : t.spans()) {
            ObjectNode span = spans.addObject().put("spanId", s.spanId()).put("op", s.op())
                    .put("durationMs", Json.decimal(s.durationMs(), 3));
            s.description().ifPresent(d -> span.put("description", d));
            s.parentSpanId().ifPresent(p -> span.put("parentSpanId", p));
        }
        return out;
    }
}
