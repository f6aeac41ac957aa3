package dev.sluice.query.insights;

import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.InsightResult.Cohort;
import dev.sluice.query.insights.InsightResult.Point;
import dev.sluice.query.insights.InsightResult.Retention;
import dev.sluice.query.insights.InsightResult.RetentionSeries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** RETENTION in SQL, with {@link RetentionEngine}'s rules: cohorts by first start event, returns at or after it. */
final class ReplicaRetention {

    private ReplicaRetention() {
    }

    static Retention retention(Connection c, SqlExpr x, Sql base, InsightQuery q) throws SQLException {
        EventFilter start = q.events().get(0).event();
        EventFilter back = q.events().size() > 1 ? q.events().get(1).event() : start;
        int keys = q.breakdowns().size();
        String kcols = ReplicaSeries.keyColumns(keys, "st.");
        // ev is read twice (starts, returns): NOT MATERIALIZED scans it twice, columnar and filtered, instead of
        // DuckDB's default of copying every matching event into a temporary result first — half the time at 10M
        // events, and far less memory under the replica's cap (BENCHMARKS.md, "duckmem").
        Sql sql = new Sql().add("WITH ev AS NOT MATERIALIZED (").add(base).add("), st AS (SELECT person, min(ts) AS f, ")
                .add(ReplicaEngine.bucket(q.granularity(), "min(ts)")).add(" AS cohort");
        for (int i = 0; i < keys; i++) {
            sql.add(", first(").add(x.value(q.breakdowns().get(i))).add(" ORDER BY ts, event_id) AS k" + i);
        }
        sql.add(" FROM ev WHERE person <> '' AND ").add(x.event(start)).add(" GROUP BY person), ")
                .add("rt AS (SELECT DISTINCT ev.person, " + ReplicaEngine.bucket(q.granularity(), "ev.ts") + " AS b "
                        + "FROM ev JOIN st ON st.person = ev.person WHERE ev.ts >= st.f AND ").add(x.event(back))
                .add(") SELECT " + (keys > 0 ? kcols + ", " : "") + "st.cohort, NULL AS b, count(*) FROM st GROUP BY ALL "
                        + "UNION ALL SELECT " + (keys > 0 ? kcols + ", " : "") + "st.cohort, rt.b, count(*) FROM st "
                        + "JOIN rt ON rt.person = st.person GROUP BY ALL");
        // breakdown key → cohort → [size, bucket → retained]
        Map<List<String>, TreeMap<Long, Long>> sizes = new LinkedHashMap<>();
        Map<List<String>, Map<Long, Map<Long, Long>>> retained = new HashMap<>();
        sql.each(c, rs -> {
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= keys; i++) {
                key.add(rs.getString(i));
            }
            long cohort = rs.getLong(keys + 1);
            long b = rs.getLong(keys + 2);
            boolean size = rs.wasNull();
            long n = rs.getLong(keys + 3);
            if (size) {
                sizes.computeIfAbsent(key, k -> new TreeMap<>()).put(cohort, n);
            } else {
                retained.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(cohort, k -> new HashMap<>()).put(b, n);
            }
        });
        if (sizes.isEmpty() && keys == 0) {
            sizes.put(List.of(), new TreeMap<>());
        }
        Map<List<String>, Integer> totals = new HashMap<>();
        sizes.forEach((k, v) -> totals.put(k, Math.toIntExact(v.values().stream().mapToLong(Long::longValue).sum())));
        Buckets buckets = new Buckets(q.granularity());
        List<RetentionSeries> out = new ArrayList<>();
        for (List<String> key : TrendsEngine.rankKeys(totals, q.limit())) {
            List<Cohort> cohorts = new ArrayList<>();
            sizes.get(key).forEach((cohort, size) -> {
                Map<Long, Long> back2 = retained.getOrDefault(key, Map.of()).getOrDefault(cohort, Map.of());
                List<Point> points = new ArrayList<>();
                for (long b = cohort; b < q.to(); b = buckets.plus(b, 1)) {
                    points.add(new Point(b, back2.getOrDefault(b, 0L)));
                }
                cohorts.add(new Cohort(cohort, size, points));
            });
            out.add(new RetentionSeries(TrendsEngine.breakdown(q, key), cohorts));
        }
        return new Retention(out);
    }
}
