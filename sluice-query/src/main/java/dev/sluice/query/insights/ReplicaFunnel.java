package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightResult.Funnel;
import dev.sluice.query.insights.InsightResult.FunnelSeries;
import dev.sluice.query.insights.InsightResult.Step;
import dev.sluice.query.insights.InsightResult.Timing;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FUNNEL entirely in DuckDB, with {@link FunnelWalk}'s rule (the scan engine's): the JVM sees one row per
 * breakdown key. The greedy chain of each start becomes one window pass and joins: every step event is numbered
 * in its person's order ({@code ts, event id}) with running counts {@code c<s>} of the rows matching each later
 * step, and the chain from a step-1 event follows the next step-2 row (the one whose {@code c2} is one more than
 * the start's), then the next step-3 row after that, … by equi-joins on (person, count). A person's depth is the best chain;
 * step timing is the gap in the chain of the earliest start reaching the step ({@code arg_min} by number), and
 * its median, p95 and buckets are computed over the sorted gaps per key in the engine too.
 */
final class ReplicaFunnel {

    private ReplicaFunnel() {
    }

    static Funnel funnel(Connection c, SqlExpr x, Sql base, InsightQuery q) throws SQLException {
        int steps = q.events().size();
        int keys = q.breakdowns().size();
        long window = q.conversionWindowMillis().orElse(q.to() - q.from());
        Sql sql = new Sql().add("WITH ev AS (").add(base).add("), m AS (SELECT person, ts, event_id");
        for (int s = 0; s < steps; s++) {
            sql.add(", ").add(x.event(q.events().get(s).event())).add(" AS m" + s);
        }
        for (int i = 0; i < keys; i++) {
            sql.add(", ").add(x.value(q.breakdowns().get(i))).add(" AS k" + i);
        }
        // One window pass per person in (ts, event id) order: the row's number and, per later step, how many of
        // the person's rows so far match it. The first step-s row after row x is then the one numbered c<s>(x) + 1
        // among step-s rows, so each chain link is an equi-join on (person, count) — no global row numbering.
        sql.add(" FROM ev WHERE person <> ''), w AS (SELECT *, row_number() OVER f AS rn");
        for (int s = 1; s < steps; s++) {
            sql.add(", count(*) FILTER (WHERE m" + s + ") OVER f AS c" + s);
        }
        sql.add(" FROM m WHERE FALSE");
        for (int s = 0; s < steps; s++) {
            sql.add(" OR m" + s);
        }
        sql.add(" WINDOW f AS (PARTITION BY person ORDER BY ts, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
                + "), c AS (SELECT s.person, s.rn, s.ts AS t0");
        for (int i = 0; i < keys; i++) {
            sql.add(", s.k" + i);
        }
        for (int s = 1; s < steps; s++) {
            sql.add(", j" + s + ".ts AS t" + s);
        }
        sql.add(" FROM w s");
        for (int s = 1; s < steps; s++) {
            String prev = s == 1 ? "s" : "j" + (s - 1);
            sql.add(" LEFT JOIN w j" + s + " ON j" + s + ".person = s.person AND j" + s + ".m" + s + " AND j" + s + ".c" + s
                    + " = " + prev + ".c" + s + " + 1");
        }
        sql.add(" WHERE s.m0), r AS (SELECT *, ").add(reach(steps, window)).add(" AS reach FROM c), ")
                .add("p AS (SELECT person, max(reach) AS depth");
        for (int i = 0; i < keys; i++) {
            sql.add(", arg_min(k" + i + ", rn) AS k" + i);
        }
        for (int s = 1; s < steps; s++) {
            sql.add(", arg_min(t" + s + " - t" + (s - 1) + ", rn) FILTER (WHERE reach >= " + (s + 1) + ") AS g" + s);
        }
        sql.add(" FROM r GROUP BY person) SELECT ");
        for (int i = 0; i < keys; i++) {
            sql.add("k" + i + ", ");
        }
        sql.add("count(*)");
        for (int s = 0; s < steps; s++) {
            sql.add(", count(*) FILTER (WHERE depth >= " + (s + 1) + ")");
        }
        boolean timing = q.stepTiming();
        for (int s = 1; timing && s < steps; s++) {
            timing(sql, "g" + s);
        }
        sql.add(" FROM p GROUP BY ALL");
        Map<List<String>, Tally> tallies = new LinkedHashMap<>();
        sql.each(c, rs -> {
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= keys; i++) {
                key.add(rs.getString(i));
            }
            Tally t = new Tally(Math.toIntExact(rs.getLong(keys + 1)), new long[steps], new ArrayList<>());
            int col = keys + 2;
            for (int s = 0; s < steps; s++) {
                t.reached[s] = rs.getLong(col++);
            }
            for (int s = 1; timing && s < steps; s++) {
                t.timings.add(timing(rs, col));
                col += 4 + StepTimings.LABELS.length;
            }
            tallies.put(key, t);
        });
        if (keys == 0 && tallies.isEmpty()) {
            tallies.put(List.of(), new Tally(0, new long[steps], new ArrayList<>()));
        }
        Map<List<String>, Integer> sizes = new LinkedHashMap<>();
        tallies.forEach((k, t) -> sizes.put(k, t.size));
        List<FunnelSeries> out = new ArrayList<>();
        for (List<String> key : TrendsEngine.rankKeys(sizes, q.limit())) {
            Tally t = tallies.get(key);
            List<Step> series = new ArrayList<>();
            for (int s = 0; s < steps; s++) {
                Optional<Timing> timed = Optional.empty();
                if (s > 0 && timing) {
                    timed = Optional.of(t.timings.isEmpty() ? StepTimings.of(List.of()) : t.timings.get(s - 1));
                }
                series.add(new Step(q.events().get(s).event().kind(), t.reached[s], timed));
            }
            out.add(new FunnelSeries(TrendsEngine.breakdown(q, key), series));
        }
        return new Funnel(out);
    }

    /** How far the chain from a start reaches: 1 + each next step found within the window, in order. */
    private static String reach(int steps, long window) {
        String inner = "0";
        for (int s = steps - 1; s >= 1; s--) {
            inner = "CASE WHEN t" + s + " IS NOT NULL AND t" + s + " - t0 <= " + window + " THEN 1 + " + inner
                    + " ELSE 0 END";
        }
        return "(1 + " + inner + ")";
    }

    /**
     * The columns of one step's timing, as {@link StepTimings#of} computes them: count, sum, lower median,
     * nearest-rank p95 (the same double arithmetic as Java's) and one count per bucket.
     */
    private static void timing(Sql sql, String g) {
        String sorted = "list(" + g + " ORDER BY " + g + ") FILTER (WHERE " + g + " IS NOT NULL)";
        sql.add(", count(" + g + "), CAST(COALESCE(sum(" + g + "), 0) AS BIGINT), list_extract(" + sorted + ", (count("
                + g + ") - 1) // 2 + 1), list_extract(" + sorted + ", CAST(ceil(CAST(0.95 AS DOUBLE) * count(" + g
                + ")) AS BIGINT))");
        long lower = 0;
        for (int b = 0; b < StepTimings.LABELS.length; b++) {
            String upper = b < StepTimings.UPPER_SECONDS.length ? " AND " + g + " < " + StepTimings.UPPER_SECONDS[b] * 1000
                    : "";
            sql.add(", count(*) FILTER (WHERE " + g + " >= " + lower + upper + ")");
            lower = b < StepTimings.UPPER_SECONDS.length ? StepTimings.UPPER_SECONDS[b] * 1000 : lower;
        }
    }

    private static Timing timing(ResultSet rs, int col) throws SQLException {
        long n = rs.getLong(col);
        long[] counts = new long[StepTimings.LABELS.length];
        for (int b = 0; b < counts.length; b++) {
            counts[b] = rs.getLong(col + 4 + b);
        }
        if (n == 0) {
            return new Timing(0, 0, 0, StepTimings.buckets(counts));
        }
        return new Timing(StepTimings.avgNanos(rs.getLong(col + 1), n), rs.getLong(col + 2) * 1_000_000,
                rs.getLong(col + 3) * 1_000_000, StepTimings.buckets(counts));
    }

    /** One breakdown key's persons: how many started, reached each step, and the timing into steps 2…. */
    private record Tally(int size, long[] reached, List<Timing> timings) {
    }
}
