package dev.sluice.web.page;

import dev.sluice.query.IssueActivity;
import dev.sluice.query.IssueQueries;
import dev.sluice.query.IssueSummary;
import dev.sluice.query.Occurrence;
import dev.sluice.query.Page;
import dev.sluice.web.view.ErrorDetail;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** {@code /issues} (list with sparklines, refreshed live) and {@code /issues/{id}} (one issue in depth). */
final class IssuePages {

    /** Sparkline windows: 24 hourly buckets, or 14 daily ones. */
    enum Range {
        H24(Duration.ofHours(1), 24, "24h"), D14(Duration.ofDays(1), 14, "14d");

        final Duration bucket;
        final int buckets;
        final String id;

        Range(Duration bucket, int buckets, String id) {
            this.bucket = bucket;
            this.buckets = buckets;
            this.id = id;
        }

        static Range of(Optional<String> id) {
            return id.filter("14d"::equals).map(x -> D14).orElse(H24);
        }
    }

    private static final int PAGE = 50;
    private static final int OCCURRENCES = 20;

    private final Web web;
    private final IssueQueries issues;
    private final IssueActivity activity;

    IssuePages(Web web) {
        this.web = web;
        this.issues = IssueQueries.create(web.store);
        this.activity = IssueActivity.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/issues", web.page("issues", this::list))
                .get("/issues/{id}", web.page("issues", this::detail));
    }

    private void list(Web.Ctx ctx) {
        Range range = Range.of(ctx.param("range"));
        Page<IssueSummary> page = issues.list(ctx.project().id(), ctx.param("cursor"), PAGE);
        List<String> ids = page.items().stream().map(IssueSummary::id).toList();
        long now = ctx.chrome().nowMillis();
        long width = range.bucket.toMillis();
        long from = (now / width + 1) * width - width * range.buckets;
        Map<String, long[]> sparks = activity.buckets(ctx.project().id(), ids, from, width, range.buckets);
        boolean rowsOnly = ctx.param("fragment").filter("rows"::equals).isPresent();
        web.render(ctx.res(), rowsOnly ? "issueRows.jte" : "issues.jte", Map.of("chrome",
                ctx.chrome().titled("Issues"), "page", page, "sparks", sparks, "range", range.id,
                "cursor", ctx.param("cursor").orElse("")));
    }

    private void detail(Web.Ctx ctx) {
        String id = ctx.path("id");
        IssueSummary issue = issues.get(ctx.project().id(), id)
                .orElseThrow(() -> new NoSuchElementException("No issue " + id + " in project " + ctx.project().name() + "."));
        Page<Occurrence> recent = issues.occurrences(ctx.project().id(), id, Optional.empty(), OCCURRENCES);
        Optional<String> chosen = ctx.param("event");
        Occurrence shown = chosen.flatMap(e -> recent.items().stream().filter(o -> o.id().equals(e)).findFirst())
                .or(() -> recent.items().stream().findFirst())
                .orElseThrow(() -> new NoSuchElementException("The issue has no stored occurrences."));
        long day = Duration.ofDays(1).toMillis();
        long now = ctx.chrome().nowMillis();
        long from = (now / day + 1) * day - day * 14;
        long[] daily = activity.buckets(ctx.project().id(), List.of(id), from, day, 14).get(id);
        web.render(ctx.res(), "issue.jte", Map.of("chrome", ctx.chrome().titled(issue.title()), "issue", issue,
                "recent", recent.items(), "shown", shown, "detail", ErrorDetail.parse(shown.detailJson()),
                "daily", daily, "dayFrom", from));
    }
}
