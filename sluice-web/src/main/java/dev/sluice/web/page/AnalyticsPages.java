package dev.sluice.web.page;

import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.analytics.AnalyticsViews.KindMeta;
import dev.sluice.query.analytics.AnalyticsViews.ProfileView;
import dev.sluice.web.view.Chart;
import dev.sluice.web.view.TrendForm;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@code /analytics}: a trend builder (events, total or unique users, granularity, range) drawn with uPlot,
 * the profiles list and one profile with its traits and activity. Reads go through the query layer's
 * analytics service (the same the Pug API uses).
 */
final class AnalyticsPages {

    private static final int MAX_SERIES = 5;

    private final Web web;
    private final AnalyticsQueries analytics;

    AnalyticsPages(Web web) {
        this.web = web;
        this.analytics = AnalyticsQueries.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/analytics", web.page("analytics", this::trends))
                .get("/analytics/profiles", web.page("analytics", this::profiles))
                .get("/analytics/profiles/{id}", web.page("analytics", this::profile));
    }

    private void trends(Web.Ctx ctx) {
        List<KindMeta> kinds = analytics.kinds(ctx.project().id());
        List<String> events = ctx.req().query().all("event", List::of).stream().filter(e -> !e.isBlank())
                .distinct().limit(MAX_SERIES).toList();
        String aggregation = ctx.param("aggregation").filter("unique"::equals).orElse("total");
        String granularity = ctx.param("granularity").filter("hour"::equals).orElse("day");
        String range = ctx.param("range").filter(r -> r.equals("24h") || r.equals("30d")).orElse("7d");
        TrendForm form = new TrendForm(events, aggregation, granularity, range);
        Chart chart = events.isEmpty() ? Chart.lines("trend", List.of(), new double[0], List.of())
                : trend(ctx, form);
        web.render(ctx.res(), "analytics.jte", Map.of("chrome", ctx.chrome().titled("Analytics"), "kinds", kinds,
                "form", form, "chart", chart));
    }

    private Chart trend(Web.Ctx ctx, TrendForm form) {
        long bucket = (form.granularity().equals("hour") ? Duration.ofHours(1) : Duration.ofDays(1)).toMillis();
        long span = switch (form.range()) {
            case "24h" -> Duration.ofHours(24).toMillis();
            case "30d" -> Duration.ofDays(30).toMillis();
            default -> Duration.ofDays(7).toMillis();
        };
        long to = (web.clock.millis() / bucket + 1) * bucket;
        int n = (int) Math.min(24 * 31, Math.max(1, span / bucket));
        long from = to - n * bucket;
        List<double[]> y = new ArrayList<>();
        List<List<Set<String>>> uniques = new ArrayList<>();
        for (int i = 0; i < form.events().size(); i++) {
            y.add(new double[n]);
            List<Set<String>> perBucket = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                perBucket.add(new HashSet<>());
            }
            uniques.add(perBucket);
        }
        boolean unique = form.aggregation().equals("unique");
        analytics.scan(ctx.project().id(), new EventScan(from, to, Set.of(), "", Set.copyOf(form.events()), false,
                false), (EventView e) -> {
            int series = form.events().indexOf(e.kind());
            int b = (int) ((e.occurredAt() - from) / bucket);
            if (series >= 0 && b >= 0 && b < n) {
                if (unique) {
                    uniques.get(series).get(b).add(e.distinctId());
                } else {
                    y.get(series)[b]++;
                }
            }
            return true;
        });
        if (unique) {
            for (int s = 0; s < y.size(); s++) {
                for (int b = 0; b < n; b++) {
                    y.get(s)[b] = uniques.get(s).get(b).size();
                }
            }
        }
        double[] x = new double[n];
        for (int b = 0; b < n; b++) {
            x[b] = (from + b * bucket) / 1000.0;
        }
        return Chart.lines("trend", form.events(), x, y);
    }

    private void profiles(Web.Ctx ctx) {
        String after = ctx.param("after").orElse("");
        String search = ctx.param("q").orElse("");
        List<ProfileView> page;
        if (!search.isEmpty()) {
            page = analytics.profile(ctx.project().id(), search)
                    .or(() -> analytics.profileByExternalId(ctx.project().id(), search)).stream().toList();
        } else {
            page = analytics.profilesAfter(ctx.project().id(), after, 50);
        }
        web.render(ctx.res(), "profiles.jte", Map.of("chrome", ctx.chrome().titled("Profiles"), "profiles", page,
                "q", search, "next", page.size() == 50 ? page.get(49).id() : ""));
    }

    private void profile(Web.Ctx ctx) {
        String id = ctx.path("id");
        ProfileView p = analytics.profile(ctx.project().id(), id)
                .orElseThrow(() -> new NoSuchElementException("No profile " + id + "."));
        List<EventView> feed = new ArrayList<>();
        analytics.scan(ctx.project().id(), new EventScan(0, Long.MAX_VALUE,
                Set.copyOf(analytics.aliases(ctx.project().id(), p.id())), "", Set.of(), true, true), e -> {
            feed.add(e);
            return feed.size() < 100;
        });
        web.render(ctx.res(), "profile.jte", Map.of("chrome", ctx.chrome().titled("Profile " + p.id()), "p", p,
                "feed", feed));
    }
}
