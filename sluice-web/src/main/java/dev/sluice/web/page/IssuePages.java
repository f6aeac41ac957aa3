package dev.sluice.web.page;

import dev.sluice.query.ChangeMarks;
import dev.sluice.query.IssueActivity;
import dev.sluice.query.IssueFilter;
import dev.sluice.query.IssueQueries;
import dev.sluice.query.IssueSummary;
import dev.sluice.query.Occurrence;
import dev.sluice.query.Page;
import dev.sluice.web.view.ErrorDetail;
import dev.sluice.web.view.IssueListQuery;
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
    private final ChangeMarks marks;

    IssuePages(Web web) {
        this.web = web;
        this.issues = IssueQueries.create(web.store, web.clock);
        this.marks = ChangeMarks.create(web.store);
        this.activity = IssueActivity.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/issues", web.page("issues", this::list))
                .get("/issues/{id}", web.page("issues", this::detail));
        new IssueActions(web).register(routing);
    }

    private void list(Web.Ctx ctx) {
        IssueListQuery query = IssueListQuery.of(ctx::param);
        IssueFilter filter = query.filter();
        Range range = Range.of(ctx.param("range"));
        boolean rowsOnly = ctx.param("fragment").filter("rows"::equals).isPresent();
        // Live refresh: the rows carry the mark they were drawn at; while it holds, a poll is answered 204
        // (htmx keeps what it shows) after two index lookups instead of a query and a render. The minute is
        // part of the mark so "3 min ago" labels and sparkline buckets still move on.
        String mark = marks.issues(ctx.project().id()) + "." + ctx.chrome().nowMillis() / 60_000;
        if (rowsOnly && ctx.param("mark").filter(mark::equals).isPresent()) {
            ctx.res().status(io.helidon.http.Status.NO_CONTENT_204).send();
            return;
        }
        Page<IssueSummary> page = issues.list(ctx.project().id(), filter, ctx.param("cursor"), PAGE);
        List<String> ids = page.items().stream().map(IssueSummary::id).toList();
        long now = ctx.chrome().nowMillis();
        long width = range.bucket.toMillis();
        long from = (now / width + 1) * width - width * range.buckets;
        Map<String, long[]> sparks = activity.buckets(ctx.project().id(), ids, from, width, range.buckets);
        web.render(ctx.res(), rowsOnly ? "issueRows.jte" : "issues.jte", Map.of("chrome",
                ctx.chrome().titled("Issues"), "page", page, "sparks", sparks, "query", query,
                "cursor", ctx.param("cursor").orElse(""), "mark", mark,
                "done", notice(ctx.param("done"), ctx.param("n"))));
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
                "daily", daily, "dayFrom", from, "done", notice(ctx.param("done"), Optional.of("1")),
                "durations", IssueActions.DURATIONS.stream().sorted().toList()));
    }

    /** The sentence shown after a lifecycle action redirected back here. */
    static String notice(Optional<String> done, Optional<String> n) {
        String count = n.orElse("0");
        String what = "1".equals(count) ? "1 issue" : count + " issues";
        return done.map(d -> switch (d) {
            case "resolved" -> "Resolved " + what + ".";
            case "resolved-next" -> "Resolved " + what + " in the next release.";
            case "ignored" -> "Ignored " + what + ".";
            case "unresolved" -> "Reopened " + what + ".";
            case "none" -> "Select at least one issue first.";
            default -> "";
        }).orElse("");
    }
}
