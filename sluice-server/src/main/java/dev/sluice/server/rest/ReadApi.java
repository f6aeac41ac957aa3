package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.AiUsageQueries;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The read API (JSON): transactions and AI usage; issues are {@link IssueApi}'s. Everything lives
 * under {@code /api/projects/{project}/…}, takes the admin token, and lists newest first with cursors.
 */
public final class ReadApi {

    private final ApiSupport support;
    private final TransactionQueries transactions;
    private final AiUsageQueries usage;
    private final Clock clock;

    private ReadApi(Store store, Clock clock) {
        this.support = new ApiSupport(store);
        this.transactions = TransactionQueries.create(store);
        this.usage = AiUsageQueries.create(store);
        this.clock = clock;
    }

    /** Registers the read routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        ReadApi api = new ReadApi(store, clock);
        IssueApi.register(routing, store, clock);
        routing.get("/api/projects/{project}/transactions", api.scoped(api::listTransactions))
                .get("/api/projects/{project}/ai/usage", api.scoped(api::aiUsage));
    }

    private io.helidon.webserver.http.Handler scoped(ApiSupport.ScopedHandler handler) {
        return support.scoped(handler);
    }

    private void listTransactions(ProjectId project, ServerRequest req, ServerResponse res) {
        Page<TransactionView> page = transactions.list(project, ApiSupport.query(req, "name"),
                ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        Json.send(res, Status.OK_200, page(page, ReadApi::transaction));
    }

    private void aiUsage(ProjectId project, ServerRequest req, ServerResponse res) {
        TimeRange range = TimeRange.of(req, clock.instant(), Duration.ofDays(30)).ordered();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (UsageRow u : usage.totals(project, range.from(), range.to())) {
            ObjectNode row = rows.addObject().put("provider", u.provider()).put("model", u.model())
                    .put("generations", u.generations()).put("inputTokens", u.inputTokens())
                    .put("outputTokens", u.outputTokens()).put("totalTokens", u.totalTokens())
                    .put("cachedInputTokens", u.cachedInputTokens()).put("cacheWriteTokens", u.cacheWriteTokens())
                    .put("costUsd", Json.usd(u.costUsd())).put("unpricedGenerations", u.unpricedGenerations());
            u.avgLatencyMs().ifPresent(ms -> row.put("avgLatencyMs", Json.decimal(ms, 1)));
        }
        Json.send(res, Status.OK_200, range.putInto(ApiSupport.list(rows)));
    }


    private static <T> ObjectNode page(Page<T> page, Function<T, ObjectNode> render) {
        return IssueJson.page(page, render);
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
