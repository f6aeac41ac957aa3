package dev.sluice.bench;

import dev.sluice.analytics.AnalyticsReplica;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference for the analytics engine's overhead: PugBench's questions written by hand as DuckDB SQL over
 * the same replica table (no person mapping, no generic filter translation), timed in the same run.
 */
final class RawDuckDb {

    private RawDuckDb() {
    }

    static final String RANGE = "project = ? AND ts >= ? AND ts < ?";
    static final String DAY = "epoch_ms(date_trunc('day', epoch_ms(ts)))";

    /** Insight name → hand-written SQL with three parameters (project, from, to) per RANGE occurrence. */
    static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("trends_total_day", "SELECT " + DAY + " AS b, count(*) FROM events WHERE " + RANGE
                + " AND kind = 'page_view' GROUP BY b");
        q.put("trends_filter_breakdown_day", "SELECT json_extract_string(custom_props, '$.path') AS p, " + DAY
                + " AS b, count(*) FROM events WHERE " + RANGE + " AND kind = 'page_view' AND "
                + "TRY_CAST(json_extract_string(custom_props, '$.amount') AS DOUBLE) >= 50 GROUP BY ALL");
        q.put("trends_unique_users_day", "SELECT " + DAY + " AS b, count(DISTINCT distinct_id) FROM events WHERE "
                + RANGE + " GROUP BY b");
        q.put("funnel_3_steps_timing", "WITH s AS (SELECT distinct_id, ts, kind FROM events WHERE " + RANGE
                + " AND kind IN ('page_view', 'add_to_cart', 'purchase')), a AS (SELECT distinct_id, ts AS t0 FROM s "
                + "WHERE kind = 'page_view'), b AS (SELECT a.distinct_id, a.t0, min(s.ts) AS t1 FROM a JOIN s ON "
                + "s.distinct_id = a.distinct_id AND s.kind = 'add_to_cart' AND s.ts > a.t0 AND s.ts <= a.t0 + 3600000 "
                + "GROUP BY ALL), c AS (SELECT b.distinct_id, b.t1, min(s.ts) AS t2 FROM b JOIN s ON s.distinct_id = "
                + "b.distinct_id AND s.kind = 'purchase' AND s.ts > b.t1 AND s.ts <= b.t0 + 3600000 GROUP BY ALL) "
                + "SELECT (SELECT count(DISTINCT distinct_id) FROM a), (SELECT count(DISTINCT distinct_id) FROM b), "
                + "(SELECT count(DISTINCT distinct_id) FROM c), (SELECT median(t2 - t1) FROM c)");
        q.put("retention_day", "WITH st AS (SELECT distinct_id, min(ts) AS f FROM events WHERE " + RANGE
                + " AND kind = 'signup' GROUP BY distinct_id), rt AS (SELECT DISTINCT e.distinct_id, "
                + "epoch_ms(date_trunc('day', epoch_ms(e.ts))) AS b FROM events e JOIN st USING (distinct_id) WHERE "
                + "e.project = ? AND e.ts >= ? AND e.ts < ? AND e.kind = 'page_view' AND e.ts >= st.f) "
                + "SELECT epoch_ms(date_trunc('day', epoch_ms(st.f))) AS c, rt.b, count(*) FROM st JOIN rt USING "
                + "(distinct_id) GROUP BY ALL");
        q.put("top_k_kinds", "SELECT kind, count(*) AS n FROM events WHERE " + RANGE + " GROUP BY kind ORDER BY n DESC, "
                + "kind LIMIT 10");
        q.put("user_flow", "WITH g AS (SELECT session_id, ts, kind, lag(kind) OVER (PARTITION BY session_id ORDER BY "
                + "ts, event_id) AS prev FROM events WHERE " + RANGE + " AND session_id <> ''), h AS (SELECT session_id, "
                + "kind, row_number() OVER (PARTITION BY session_id ORDER BY ts) AS hop FROM g WHERE prev IS NULL OR "
                + "prev <> kind), n AS (SELECT session_id, hop, hop || ':' || kind AS id FROM h WHERE hop <= 6), "
                + "l AS (SELECT lag(id) OVER (PARTITION BY session_id ORDER BY hop) AS s, id AS t FROM n) "
                + "SELECT s, t, count(*) AS v FROM l WHERE s IS NOT NULL GROUP BY s, t ORDER BY v DESC LIMIT 100");
        return q;
    }

    /** Runs {@code sql} once and answers its wall time in nanoseconds (rows are read to the end). */
    static long time(AnalyticsReplica replica, String sql, String project, long from, long to) {
        return replica.read(c -> {
            long s = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int params = (int) sql.chars().filter(ch -> ch == '?').count();
                for (int i = 0; i < params; i += 3) {
                    ps.setString(i + 1, project);
                    ps.setLong(i + 2, from);
                    ps.setLong(i + 3, to);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            return System.nanoTime() - s;
        });
    }
}
