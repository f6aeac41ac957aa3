package dev.sluice.query.insights;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.analytics.PromotedKey;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.insights.Filters.FilterGroup;
import dev.sluice.query.insights.Filters.Source;
import dev.sluice.query.insights.InsightQuery.EventQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Insights as SQL on this node's DuckDB replica: every aggregation runs in the engine, and the JVM only sees
 * result rows (funnels stream one person's matching events at a time). Before answering, the replica catches up
 * with the row store, so an acknowledged event is always counted.
 */
final class ReplicaEngine implements InsightEngine {

    private final AnalyticsReplica replica;
    private final AnalyticsQueries queries;

    ReplicaEngine(AnalyticsReplica replica, AnalyticsQueries queries) {
        this.replica = replica;
        this.queries = queries;
    }

    @Override
    public InsightResult query(ProjectId project, InsightQuery q) {
        replica.catchUp();
        List<PromotedKey> promoted = replica.promoted();
        SqlExpr x = new SqlExpr(promoted);
        boolean profiles = readsProfiles(q);
        Sql base = base(x, promoted, project, q.from(), q.to(), q.filterGroups(), q.groupsAny(), InsightNeeds.kinds(q),
                profiles || readsPersons(q), profiles);
        return replica.read(c -> switch (q.type()) {
            case TRENDS -> ReplicaSeries.trends(c, x, base, q);
            case SEGMENTATION -> ReplicaSeries.segmentation(c, x, base, q);
            case FUNNEL -> ReplicaFunnel.funnel(c, x, base, q);
            case RETENTION -> ReplicaRetention.retention(c, x, base, q);
            case USER_FLOW -> ReplicaFlow.flow(c, x, base, q.flow().orElseThrow());
            case TOP_K -> ReplicaTopK.topK(c, x, base, q.topK().orElseThrow(), project, queries);
        });
    }

    @Override
    public SegmentQuery.Page segmentUsers(ProjectId project, SegmentQuery q) {
        replica.catchUp();
        List<PromotedKey> promoted = replica.promoted();
        SqlExpr x = new SqlExpr(promoted);
        Sql base = base(x, promoted, project, q.from(), q.to(), q.filterGroups(), q.groupsAny(), Set.of(), true,
                q.filterGroups().stream().anyMatch(ReplicaEngine::readsProfiles)
                        || q.events().stream().anyMatch(e -> e.event().filters().stream().anyMatch(f -> f.source() == Source.PROFILE)));
        Sql sql = new Sql().add("WITH ev AS (").add(base).add("), s AS (SELECT CASE WHEN external_id <> '' THEN "
                + "external_id ELSE person END AS name");
        for (int i = 0; i < q.events().size(); i++) {
            sql.add(", ").add(x.event(q.events().get(i).event())).add(" AS a" + i);
        }
        sql.add(" FROM ev WHERE person <> '') SELECT name FROM s GROUP BY name HAVING name > ").arg(q.after());
        for (int i = 0; i < q.events().size(); i++) {
            sql.add(" AND bool_or(a" + i + ")");
        }
        sql.add(" ORDER BY name LIMIT ").arg(q.pageSize() + 1);
        List<String> names = replica.read(c -> {
            List<String> out = new ArrayList<>();
            sql.each(c, rs -> out.add(rs.getString(1)));
            return out;
        });
        return new SegmentQuery.Page(names.subList(0, Math.min(q.pageSize(), names.size())), names.size() > q.pageSize());
    }

    /**
     * The events of a project in [from, to) with their person (the mapped person of the distinct id, else the
     * distinct id; '' for cookieless events) and, when a rule reads them, the person's profile properties;
     * narrowed to {@code kinds} (empty = all) and the top-level filter groups.
     */
    static Sql base(SqlExpr x, List<PromotedKey> promoted, ProjectId project, long from, long to,
                    List<FilterGroup> groups, boolean any, Set<String> kinds, boolean persons, boolean profiles) {
        if (!persons) {
            // Nothing reads the person: no join with the identity mapping.
            return new Sql().add("SELECT *, '' AS person, '' AS external_id, '{}' AS profile_props FROM events "
                    + "WHERE project = ").arg(project.value()).add(" AND ts >= ").arg(from).add(" AND ts < ").arg(to)
                    .add(kinds.isEmpty() ? new Sql() : new Sql().add(" AND kind IN (").args(kinds.stream().sorted()
                            .toList()).add(")")).add(" AND ").add(x.groups(groups, any));
        }
        StringBuilder columns = new StringBuilder();
        promoted.forEach(k -> columns.append("e.").append(k.text()).append(", e.").append(k.type()).append(", e.")
                .append(k.number()).append(", "));
        Sql s = new Sql().add("SELECT * FROM (SELECT e.ts, e.event_id, e.kind, e.session_id, e.auto_props, e.custom_props, "
                + columns
                + "CASE WHEN e.distinct_id = '' THEN '' ELSE COALESCE(m.person_id, e.distinct_id) END AS person, "
                + "COALESCE(m.external_id, '') AS external_id, "
                + (profiles ? "COALESCE(pr.props, '{}')" : "'{}'") + " AS profile_props FROM events e "
                + "LEFT JOIN persons m ON m.project = e.project AND m.distinct_id = e.distinct_id ");
        if (profiles) {
            s.add("LEFT JOIN profiles pr ON pr.project = e.project AND pr.person_id = m.person_id ");
        }
        s.add("WHERE e.project = ").arg(project.value()).add(" AND e.ts >= ").arg(from).add(" AND e.ts < ").arg(to);
        if (!kinds.isEmpty()) {
            s.add(" AND e.kind IN (").args(kinds.stream().sorted().toList()).add(")");
        }
        return s.add(") WHERE ").add(x.groups(groups, any));
    }

    /**
     * Whether an answer depends on who did an event: false only for row counts and numeric aggregates of
     * trends/segmentation (without session metrics), for top-k of non-person dimensions scored that way, and for
     * user flows (paths per session).
     */
    private static boolean readsPersons(InsightQuery q) {
        Set<InsightQuery.Aggregation> rowwise = Set.of(InsightQuery.Aggregation.TOTAL, InsightQuery.Aggregation.SUM,
                InsightQuery.Aggregation.AVG, InsightQuery.Aggregation.MIN, InsightQuery.Aggregation.MAX);
        return switch (q.type()) {
            case TRENDS, SEGMENTATION -> q.session().isPresent()
                    || !q.events().stream().allMatch(e -> rowwise.contains(e.aggregation()));
            case TOP_K -> q.topK().map(t -> t.dimension() == InsightQuery.Dimension.USER
                    || !rowwise.contains(t.metric())).orElse(true);
            // Paths are per session: only a profile filter (handled by the caller) needs the person.
            case USER_FLOW -> false;
            default -> true;
        };
    }

    private static boolean readsProfiles(InsightQuery q) {
        if (q.filterGroups().stream().anyMatch(ReplicaEngine::readsProfiles)) {
            return true;
        }
        List<Filters.EventFilter> filters = new ArrayList<>();
        q.events().stream().map(EventQuery::event).forEach(filters::add);
        q.session().ifPresent(s -> filters.add(s.scope()));
        q.flow().ifPresent(f -> filters.add(f.scope()));
        q.topK().ifPresent(t -> filters.add(t.scope()));
        return filters.stream().anyMatch(f -> f.filters().stream().anyMatch(p -> p.source() == Source.PROFILE));
    }

    private static boolean readsProfiles(FilterGroup g) {
        return g.filters().stream().anyMatch(p -> p.source() == Source.PROFILE);
    }

    /** The SQL of a bucket start (epoch millis, UTC; weeks start on Monday) of column {@code ts}. */
    static String bucket(InsightQuery.Granularity g, String ts) {
        String unit = switch (g) {
            case MINUTE -> "minute";
            case HOUR -> "hour";
            case DAY -> "day";
            case WEEK -> "week";
            case MONTH -> "month";
        };
        return "epoch_ms(date_trunc('" + unit + "', epoch_ms(" + ts + ")))";
    }
}
