package dev.sluice.query.insights;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.insights.InsightQuery.EventQuery;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference engine: SQL narrows events in the row store by project, time and kind; the insight is computed
 * here. Simple and exact, but it holds the range's events in memory — the columnar engine replaces it.
 */
final class ScanEngine implements InsightEngine {

    private final AnalyticsQueries queries;
    private final InsightData data;

    ScanEngine(AnalyticsQueries queries) {
        this.queries = queries;
        this.data = new InsightData(queries);
    }

    @Override
    public InsightResult query(ProjectId project, InsightQuery spec) {
        List<InsightRow> rows = data.load(project, spec.from(), spec.to(), spec.filterGroups(), spec.groupsAny(),
                InsightNeeds.kinds(spec), InsightNeeds.properties(spec));
        Buckets buckets = new Buckets(spec.granularity());
        return switch (spec.type()) {
            case TRENDS -> TrendsEngine.trends(spec, rows, buckets);
            case SEGMENTATION -> TrendsEngine.segmentation(spec, rows);
            case FUNNEL -> FunnelEngine.funnel(spec, rows);
            case RETENTION -> RetentionEngine.retention(spec, rows, buckets);
            case USER_FLOW -> FlowEngine.flow(spec.flow().orElseThrow(), rows);
            case TOP_K -> TopKEngine.topK(spec.topK().orElseThrow(), rows, project, queries);
        };
    }

    @Override
    public SegmentQuery.Page segmentUsers(ProjectId project, SegmentQuery q) {
        List<InsightRow> rows = data.load(project, q.from(), q.to(), q.filterGroups(), q.groupsAny(), Set.of(), true);
        Map<String, String> external = queries.externalIds(project);
        TreeSet<String> users = null;
        for (EventQuery eq : q.events()) {
            TreeSet<String> did = new TreeSet<>();
            rows.stream().filter(row -> !row.person.isEmpty() && row.matches(eq.event()))
                    .forEach(row -> did.add(external.getOrDefault(row.person, row.person)));
            if (users == null) {
                users = did;
            } else {
                users.retainAll(did);
            }
        }
        return page(users == null ? new TreeSet<>() : users, q);
    }

    /** The page of {@code users} after {@code q.after()}. */
    static SegmentQuery.Page page(TreeSet<String> users, SegmentQuery q) {
        List<String> page = users.tailSet(q.after(), false).stream().limit(q.pageSize() + 1L).toList();
        return new SegmentQuery.Page(page.subList(0, Math.min(q.pageSize(), page.size())), page.size() > q.pageSize());
    }
}
