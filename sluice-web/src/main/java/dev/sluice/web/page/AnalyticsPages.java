package dev.sluice.web.page;

import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.analytics.AnalyticsViews.KindMeta;
import dev.sluice.query.analytics.AnalyticsViews.ProfileView;
import dev.sluice.query.analytics.MarkedEvents;
import dev.sluice.query.insights.Filters;
import dev.sluice.query.insights.InsightEngine;
import dev.sluice.query.insights.InsightQuery;
import dev.sluice.query.insights.InsightResult;
import dev.sluice.web.view.Chart;
import dev.sluice.web.view.FunnelRow;
import dev.sluice.web.view.TrendForm;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.Set;

/**
 * {@code /analytics}: trend, funnel and retention builders answered by the query layer's insight engine (the
 * one the Pug API uses), drawn with uPlot; the profiles list and one profile with its traits and activity.
 */
final class AnalyticsPages {

    private static final int MAX_SERIES = 5;

    private final Web web;
    private final AnalyticsQueries analytics;
    private final InsightEngine insights;

    private final MarkedEvents events;

    AnalyticsPages(Web web, InsightEngine insights, MarkedEvents events) {
        this.web = web;
        this.analytics = AnalyticsQueries.create(web.store);
        this.insights = insights;
        this.events = events;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/analytics", web.page("analytics", this::trends))
                .get("/analytics/profiles", web.page("analytics", this::profiles))
                .get("/analytics/profiles/{id}", web.page("analytics", this::profile));
    }

    private void trends(Web.Ctx ctx) {
        TrendForm form = form(ctx, "trend");
        List<KindMeta> kinds = analytics.kinds(ctx.project().id());
        Chart chart = Chart.lines("trend", List.of(), new double[0], List.of());
        List<FunnelRow> funnel = List.of();
        List<InsightResult.Cohort> cohorts = List.of();
        List<InsightResult.FlowLink> flow = List.of();
        if (form.kind().equals("flow")) {
            flow = flow(ctx, form);
        } else if (!form.events().isEmpty()) {
            switch (form.kind()) {
                case "funnel" -> {
                    funnel = funnel(ctx, form);
                    double[] x = new double[funnel.size()];
                    double[] y = new double[funnel.size()];
                    for (int i = 0; i < funnel.size(); i++) {
                        x[i] = i + 1;
                        y[i] = funnel.get(i).total();
                    }
                    chart = new Chart("funnel", "bars", List.of("Users"), x, List.of(y), false);
                }
                case "retention" -> cohorts = retention(ctx, form);
                default -> chart = trend(ctx, form);
            }
        }
        web.render(ctx.res(), "analytics.jte", Map.of("chrome", ctx.chrome().titled("Analytics"), "kinds", kinds,
                "form", form, "chart", chart, "funnel", funnel, "cohorts", cohorts, "flow", flow));
    }

    private static TrendForm form(Web.Ctx ctx, String fallbackKind) {
        List<String> events = ctx.req().query().all("event", List::of).stream().filter(e -> !e.isBlank())
                .distinct().limit(MAX_SERIES).toList();
        String kind = ctx.param("kind").filter(k -> k.equals("funnel") || k.equals("retention") || k.equals("flow")).orElse(fallbackKind);
        String aggregation = ctx.param("aggregation").filter("unique"::equals).orElse("total");
        String granularity = ctx.param("granularity").filter(g -> g.equals("hour") || g.equals("week")).orElse("day");
        String range = ctx.param("range").filter(r -> r.equals("24h") || r.equals("30d")).orElse("7d");
        return new TrendForm(kind, events, aggregation, granularity, range, ctx.param("breakdown").orElse(""),
                ctx.param("filterProperty").orElse(""), ctx.param("filterValue").orElse(""));
    }

    private InsightQuery query(TrendForm form, InsightQuery.Type type, InsightQuery.Aggregation aggregation) {
        InsightQuery.Granularity g = switch (form.granularity()) {
            case "hour" -> InsightQuery.Granularity.HOUR;
            case "week" -> InsightQuery.Granularity.WEEK;
            default -> InsightQuery.Granularity.DAY;
        };
        long bucket = g == InsightQuery.Granularity.HOUR ? Duration.ofHours(1).toMillis() : Duration.ofDays(1).toMillis();
        long span = switch (form.range()) {
            case "24h" -> Duration.ofHours(24).toMillis();
            case "30d" -> Duration.ofDays(30).toMillis();
            default -> Duration.ofDays(7).toMillis();
        };
        long to = (web.clock.millis() / bucket + 1) * bucket;
        List<Filters.PropertyFilter> filters = form.filterProperty().isEmpty() ? List.of()
                : List.of(new Filters.PropertyFilter(form.filterProperty(), Filters.Op.EQUALS, form.filterValue(),
                        List.of(), Filters.Source.ANY));
        List<InsightQuery.EventQuery> events = form.events().stream().map(e -> new InsightQuery.EventQuery(
                new Filters.EventFilter(e, filters), aggregation, "")).toList();
        return new InsightQuery(type, to - span, to, g, events,
                form.breakdown().isEmpty() ? List.of() : List.of(form.breakdown()), 10, List.of(), false,
                OptionalLong.empty(), type == InsightQuery.Type.FUNNEL, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private Chart trend(Web.Ctx ctx, TrendForm form) {
        InsightQuery.Aggregation aggregation = form.aggregation().equals("unique")
                ? InsightQuery.Aggregation.UNIQUE_USERS : InsightQuery.Aggregation.TOTAL;
        InsightResult.Trends trends = (InsightResult.Trends) insights.query(ctx.project().id(),
                query(form, InsightQuery.Type.TRENDS, aggregation));
        TreeSet<Long> times = new TreeSet<>();
        trends.series().forEach(s -> s.points().forEach(p -> times.add(p.time())));
        double[] x = times.stream().mapToDouble(t -> t / 1000.0).toArray();
        List<Long> order = List.copyOf(times);
        List<String> labels = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        for (InsightResult.Series s : trends.series()) {
            labels.add(s.eventKind() + (s.breakdown().isEmpty() ? "" : " " + s.breakdown().values()));
            double[] values = new double[x.length];
            s.points().forEach(p -> values[order.indexOf(p.time())] = p.value());
            y.add(values);
        }
        return Chart.lines("trend", labels, x, y);
    }

    private List<FunnelRow> funnel(Web.Ctx ctx, TrendForm form) {
        InsightResult.Funnel funnel = (InsightResult.Funnel) insights.query(ctx.project().id(),
                query(form, InsightQuery.Type.FUNNEL, InsightQuery.Aggregation.UNIQUE_USERS));
        if (funnel.series().isEmpty()) {
            return List.of();
        }
        List<InsightResult.Step> steps = funnel.series().get(0).steps();
        double first = steps.isEmpty() ? 0 : steps.get(0).total();
        return steps.stream().map(s -> new FunnelRow(s.eventKind(), s.total(), first == 0 ? 0 : s.total() / first,
                s.timing().map(t -> dev.sluice.web.view.Fmt.ms(t.medianNanos() / 1e6)).orElse("—"))).toList();
    }

    /**
     * The user flow: per session, the path of event kinds (or of a property's values, given as "breakdown"),
     * optionally only from events where the filter holds; links by hop, busiest first.
     */
    private List<InsightResult.FlowLink> flow(Web.Ctx ctx, TrendForm form) {
        InsightQuery base = query(form, InsightQuery.Type.USER_FLOW, InsightQuery.Aggregation.TOTAL);
        List<Filters.PropertyFilter> filters = form.filterProperty().isEmpty() ? List.of()
                : List.of(new Filters.PropertyFilter(form.filterProperty(), Filters.Op.EQUALS, form.filterValue(),
                        List.of(), Filters.Source.ANY));
        Filters.EventFilter scope = new Filters.EventFilter("", filters);
        InsightQuery.FlowQuery fq = new InsightQuery.FlowQuery(!form.breakdown().isEmpty(), form.breakdown(), scope,
                5, 20, 60);
        InsightQuery q = new InsightQuery(InsightQuery.Type.USER_FLOW, base.from(), base.to(), base.granularity(),
                List.of(), List.of(), 10, List.of(), false, OptionalLong.empty(), false, Optional.empty(),
                Optional.of(fq), Optional.empty());
        InsightResult.Flow f = (InsightResult.Flow) insights.query(ctx.project().id(), q);
        return f.links().stream().sorted(java.util.Comparator.comparing((InsightResult.FlowLink l) -> hop(l.source()))
                .thenComparing(java.util.Comparator.comparingLong(InsightResult.FlowLink::value).reversed())).toList();
    }

    private static int hop(String nodeId) {
        int colon = nodeId.indexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(nodeId.substring(0, colon));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<InsightResult.Cohort> retention(Web.Ctx ctx, TrendForm form) {
        InsightResult.Retention r = (InsightResult.Retention) insights.query(ctx.project().id(),
                query(form, InsightQuery.Type.RETENTION, InsightQuery.Aggregation.UNIQUE_USERS));
        return r.series().isEmpty() ? List.of() : r.series().get(0).cohorts();
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
        Set<String> ids = Set.copyOf(analytics.aliases(ctx.project().id(), p.id()));
        // SQLite has no person index: the replica's positions plus the rows above its mark, else a table scan.
        List<EventView> feed = events.newest(ctx.project().id(), ids, 100).orElseGet(() -> {
            List<EventView> scanned = new ArrayList<>();
            analytics.scan(ctx.project().id(), new EventScan(0, Long.MAX_VALUE, ids, "", Set.of(), true, true), e -> {
                scanned.add(e);
                return scanned.size() < 100;
            });
            return scanned;
        });
        web.render(ctx.res(), "profile.jte", Map.of("chrome", ctx.chrome().titled("Profile " + p.id()), "p", p,
                "feed", feed));
    }
}
