package dev.sluice.web.page;

import dev.sluice.query.AiSeries;
import dev.sluice.query.AiUsageQueries;
import dev.sluice.web.view.Chart;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code /ai}: LLM cost and tokens over time, per provider and model, latency and failures. */
final class AiPages {

    private final Web web;
    private final AiUsageQueries usage;
    private final AiSeries series;

    AiPages(Web web) {
        this.web = web;
        this.usage = AiUsageQueries.create(web.store);
        this.series = AiSeries.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/ai", web.page("ai", this::page));
    }

    private void page(Web.Ctx ctx) {
        boolean month = ctx.param("range").filter("30d"::equals).isPresent();
        Duration bucket = month ? Duration.ofDays(1) : Duration.ofHours(1);
        int buckets = month ? 30 : 24;
        long b = bucket.toMillis();
        Instant to = Instant.ofEpochMilli((web.clock.millis() / b + 1) * b);
        Instant from = to.minus(bucket.multipliedBy(buckets));
        List<AiSeries.Bucket> points = series.series(ctx.project().id(), from, to, b);
        double[] x = points.stream().mapToDouble(p -> p.start() / 1000.0).toArray();
        Chart cost = Chart.bars("ai-cost", List.of("Cost (USD)"), x,
                List.of(points.stream().mapToDouble(AiSeries.Bucket::costUsd).toArray()));
        Chart tokens = Chart.lines("ai-tokens", List.of("Tokens", "Generations"), x, List.of(
                points.stream().mapToDouble(AiSeries.Bucket::tokens).toArray(),
                points.stream().mapToDouble(AiSeries.Bucket::generations).toArray()));
        web.render(ctx.res(), "ai.jte", Map.of("chrome", ctx.chrome().titled("AI usage"), "range", month ? "30d" : "24h",
                "totals", usage.totals(ctx.project().id(), from, to), "latency",
                series.latency(ctx.project().id(), from, to), "cost", cost, "tokens", tokens, "points", points));
    }
}
