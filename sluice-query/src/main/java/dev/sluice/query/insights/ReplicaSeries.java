package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightQuery.EventQuery;
import dev.sluice.query.insights.InsightQuery.SessionMetric;
import dev.sluice.query.insights.InsightQuery.SessionQuery;
import dev.sluice.query.insights.InsightResult.Point;
import dev.sluice.query.insights.InsightResult.Segmentation;
import dev.sluice.query.insights.InsightResult.Series;
import dev.sluice.query.insights.InsightResult.Trends;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TRENDS and SEGMENTATION in SQL, over events or sessions, with the scan engine's rules (see
 * {@link TrendsEngine}): breakdown combinations ranked by rows (ties by values), the top {@code limit} kept,
 * one point per bucket with zeros.
 */
final class ReplicaSeries {

    private ReplicaSeries() {
    }

    static Trends trends(Connection c, SqlExpr x, Sql base, InsightQuery q) throws SQLException {
        List<Series> out = new ArrayList<>();
        if (q.session().isPresent()) {
            out.addAll(series(c, x, base, sessions(x, q, q.session().get()), metric(q.session().get().metric()), q, ""));
            return new Trends(out);
        }
        for (EventQuery e : q.events()) {
            out.addAll(series(c, x, base, events(x, q, e), x.aggregate(e.aggregation(), e.property()), q, e.event().kind()));
        }
        return new Trends(out);
    }

    static Segmentation segmentation(Connection c, SqlExpr x, Sql base, InsightQuery q) throws SQLException {
        if (q.session().isPresent()) {
            SessionQuery s = q.session().get();
            return new Segmentation(new Sql().add("WITH ev AS (").add(base).add("), it AS (").add(sessions(x, q, s))
                    .add(") SELECT ").add(metric(s.metric())).add(" FROM it").single(c));
        }
        double total = 0;
        for (EventQuery e : q.events()) {
            total += new Sql().add("WITH ev AS (").add(base).add(") SELECT ")
                    .add(x.aggregate(e.aggregation(), e.property())).add(" FROM ev WHERE ")
                    .add(x.event(e.event())).single(c);
        }
        return new Segmentation(total);
    }

    /** The events of one query as items: time {@code t}, breakdown values {@code k0…}, and what aggregates read. */
    private static Sql events(SqlExpr x, InsightQuery q, EventQuery e) {
        Sql s = new Sql().add("SELECT *, ts AS t");
        keys(x, s, q);
        return s.add(" FROM ev WHERE ").add(x.event(e.event()));
    }

    /** Sessions of scoped events as items: start {@code t}, end {@code l}, events {@code n}, keys of the key event. */
    private static Sql sessions(SqlExpr x, InsightQuery q, SessionQuery sq) {
        String order = sq.metric() == SessionMetric.EXIT ? "ts DESC, event_id DESC" : "ts, event_id";
        Sql s = new Sql().add("SELECT session_id, min(ts) AS t, max(ts) AS l, count(*) AS n");
        for (int i = 0; i < q.breakdowns().size(); i++) {
            s.add(", first(k" + i + " ORDER BY " + order + ") AS k" + i);
        }
        s.add(" FROM (SELECT *");
        keys(x, s, q);
        return s.add(" FROM ev WHERE session_id <> '' AND ").add(x.event(sq.scope())).add(") GROUP BY session_id");
    }

    private static void keys(SqlExpr x, Sql s, InsightQuery q) {
        for (int i = 0; i < q.breakdowns().size(); i++) {
            s.add(", ").add(x.value(q.breakdowns().get(i))).add(" AS k" + i);
        }
    }

    private static Sql metric(SessionMetric m) {
        return new Sql().add(switch (m) {
            case AVG_DURATION -> "COALESCE(avg(CAST(l - t AS DOUBLE) / 1000.0), 0.0)";
            case BOUNCE_RATE -> "CASE WHEN count(*) = 0 THEN 0.0 ELSE 100.0 * CAST(count(*) FILTER (WHERE n = 1) "
                    + "AS DOUBLE) / count(*) END";
            case AVG_EVENTS_PER_SESSION -> "COALESCE(avg(CAST(n AS DOUBLE)), 0.0)";
            default -> "CAST(count(*) AS DOUBLE)";
        });
    }

    /** One series per kept breakdown combination (one series when there are no breakdowns). */
    private static List<Series> series(Connection c, SqlExpr x, Sql base, Sql items, Sql agg, InsightQuery q, String kind)
            throws SQLException {
        int keys = q.breakdowns().size();
        String kcols = keyColumns(keys, "");
        Sql sql = new Sql().add("WITH ev AS (").add(base).add("), it AS (").add(items).add(")");
        if (keys > 0) {
            sql.add(", top AS (SELECT " + kcols + ", count(*) AS rank_n FROM it GROUP BY " + kcols
                    + " ORDER BY rank_n DESC, " + kcols + " LIMIT ").arg(q.limit()).add(")");
            sql.add(" SELECT " + keyColumns(keys, "top.") + ", top.rank_n, ");
        } else {
            sql.add(" SELECT ");
        }
        sql.add(ReplicaEngine.bucket(q.granularity(), "it.t") + " AS b, ").add(agg).add(" FROM it");
        if (keys > 0) {
            sql.add(" JOIN top USING (" + kcols + ") GROUP BY ALL");
        } else {
            sql.add(" GROUP BY b");
        }
        Map<List<String>, Map<Long, Double>> values = new LinkedHashMap<>();
        Map<List<String>, Long> ranks = new HashMap<>();
        sql.each(c, rs -> {
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= keys; i++) {
                key.add(rs.getString(i));
            }
            if (keys > 0) {
                ranks.put(key, rs.getLong(keys + 1));
            }
            int at = keys > 0 ? keys + 2 : 1;
            values.computeIfAbsent(key, k -> new HashMap<>()).put(rs.getLong(at), rs.getDouble(at + 1));
        });
        if (keys == 0) {
            values.putIfAbsent(List.of(), Map.of());
        }
        List<Long> starts = new Buckets(q.granularity()).all(q.from(), q.to());
        List<Series> out = new ArrayList<>();
        for (List<String> key : keys == 0 ? List.of(List.<String>of()) : TrendsEngine.rankKeys(toInt(ranks), q.limit())) {
            List<Point> points = new ArrayList<>();
            for (long b : starts) {
                points.add(new Point(b, values.get(key).getOrDefault(b, 0.0)));
            }
            Map<String, String> breakdown = new LinkedHashMap<>();
            for (int i = 0; i < keys; i++) {
                breakdown.put(q.breakdowns().get(i), key.get(i));
            }
            out.add(new Series(kind, breakdown, points));
        }
        return out;
    }

    static String keyColumns(int n, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "k" + i);
        }
        return String.join(", ", out);
    }

    static Map<List<String>, Integer> toInt(Map<List<String>, Long> m) {
        Map<List<String>, Integer> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Math.toIntExact(v)));
        return out;
    }
}
