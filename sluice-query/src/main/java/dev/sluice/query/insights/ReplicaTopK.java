package dev.sluice.query.insights;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.insights.InsightQuery.Aggregation;
import dev.sluice.query.insights.InsightQuery.Dimension;
import dev.sluice.query.insights.InsightQuery.TopKQuery;
import dev.sluice.query.insights.InsightResult.TopK;
import dev.sluice.query.insights.InsightResult.TopKRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** TOP_K in SQL, with {@link TopKEngine}'s rules; the {@code $others} row aggregates the rest's events. */
final class ReplicaTopK {

    private ReplicaTopK() {
    }

    static TopK topK(Connection c, SqlExpr x, Sql base, TopKQuery q, ProjectId project, AnalyticsQueries queries) throws SQLException {
        int limit = q.limit() == 0 ? 10 : q.limit();
        Sql dim = switch (q.dimension()) {
            case PROPERTY -> x.value(q.property());
            case EVENT_KIND -> new Sql().add("kind");
            case USER -> new Sql().add("person");
        };
        Sql agg = x.aggregate(q.metric(), q.metricProperty());
        Sql head = new Sql().add("WITH ev AS (").add(base).add("), sc AS (SELECT *, ").add(dim).add(" AS d FROM ev WHERE ")
                .add(x.event(q.scope())).add(" AND ").add(dim).add(" <> ''), g AS (SELECT d, ").add(agg)
                .add(" AS score FROM sc GROUP BY d), top AS (SELECT d, score FROM g ORDER BY score DESC, d LIMIT ")
                .arg(limit).add(")");
        List<TopKRow> out = new ArrayList<>();
        if (q.metric() == Aggregation.TOTAL) {
            // Row counts add up: the $others score is the rest's groups summed, so one pass over the events answers
            // both the top rows and the rest (integral doubles: the sum is exact).
            double[] rest = {0, 0};
            new Sql().add(head).add(" SELECT 0 AS part, d, score FROM top UNION ALL SELECT 1, NULL, (SELECT count(*) FROM g) "
                    + "- (SELECT count(*) FROM top) FROM (SELECT 1) UNION ALL SELECT 2, NULL, COALESCE(sum(score), 0.0) FROM g "
                    + "WHERE d NOT IN (SELECT d FROM top) ORDER BY part, score DESC, d").each(c, rs -> {
                        switch (rs.getInt(1)) {
                            case 0 -> out.add(new TopKRow(rs.getString(2), rs.getDouble(3), false, Optional.empty()));
                            case 1 -> rest[0] = rs.getLong(3);
                            default -> rest[1] = rs.getDouble(3);
                        }
                    });
            profiles(out, q, project, queries);
            if (!q.omitOthers() && rest[0] > 0) {
                out.add(new TopKRow(FlowEngine.OTHERS, rest[1], true, Optional.empty()));
            }
            return new TopK(out);
        }
        new Sql().add(head).add(" SELECT d, score FROM top ORDER BY score DESC, d").each(c, rs -> out.add(new TopKRow(
                rs.getString(1), rs.getDouble(2), false, Optional.empty())));
        profiles(out, q, project, queries);
        if (!q.omitOthers()) {
            double[] rest = {0, 0};
            new Sql().add(head).add(" SELECT (SELECT count(*) FROM g) - (SELECT count(*) FROM top), ").add(agg)
                    .add(" FROM sc WHERE d NOT IN (SELECT d FROM top)").each(c, rs -> {
                        rest[0] = rs.getLong(1);
                        rest[1] = rs.getDouble(2);
                    });
            if (rest[0] > 0) {
                out.add(new TopKRow(FlowEngine.OTHERS, rest[1], true, Optional.empty()));
            }
        }
        return new TopK(out);
    }

    /** USER rows carry the person's profile (when the id is a live profile's own). */
    private static void profiles(List<TopKRow> rows, TopKQuery q, ProjectId project, AnalyticsQueries queries) {
        if (q.dimension() == Dimension.USER) {
            rows.replaceAll(r -> new TopKRow(r.value(), r.score(), false, TopKEngine.profile(queries, project, r.value())));
        }
    }
}
