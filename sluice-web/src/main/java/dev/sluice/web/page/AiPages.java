package dev.sluice.web.page;

import dev.sluice.query.AiSeries;
import dev.sluice.query.AiTagQueries;
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
    private final AiTagQueries tags;

    AiPages(Web web) {
        this.web = web;
        this.usage = AiUsageQueries.create(web.store);
        this.series = AiSeries.create(web.store);
        this.tags = AiTagQueries.create(web.store);
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
        String tag = ctx.param("tag").orElse("feature");
        if (!AiTagQueries.TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("A tag name is 1-64 letters, digits or _ . : -");
        }
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("chrome", ctx.chrome().titled("AI usage"));
        params.put("range", month ? "30d" : "24h");
        params.put("totals", usage.totals(ctx.project().id(), from, to));
        params.put("latency", series.latency(ctx.project().id(), from, to));
        params.put("cost", cost);
        params.put("tokens", tokens);
        params.put("points", points);
        params.put("tag", tag);
        params.put("byTag", tags.byTag(ctx.project().id(), tag, from, to));
        params.put("prices", web.hooks.prices());
        web.render(ctx.res(), "ai.jte", params);
    }
}
