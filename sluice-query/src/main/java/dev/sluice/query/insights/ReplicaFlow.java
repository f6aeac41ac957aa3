package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightQuery.FlowQuery;
import dev.sluice.query.insights.InsightResult.Flow;
import dev.sluice.query.insights.InsightResult.FlowLink;
import dev.sluice.query.insights.InsightResult.FlowNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** USER_FLOW in SQL, with {@link FlowEngine}'s rules: per-session paths, repeats collapsed, hops numbered. */
final class ReplicaFlow {

    private ReplicaFlow() {
    }

    static Flow flow(Connection c, SqlExpr x, Sql base, FlowQuery q) throws SQLException {
        int maxHops = q.maxHops() == 0 ? 5 : q.maxHops();
        int maxNodes = q.maxNodes() == 0 ? 20 : q.maxNodes();
        int maxLinks = q.maxLinks() == 0 ? 100 : q.maxLinks();
        Sql name = q.byProperty() ? x.value(q.nodeProperty()) : new Sql().add("kind");
        // One statement: the session paths (n) are computed once and read by both the node ranking and the links.
        Sql sql = new Sql().add("WITH ev AS (").add(base).add("), f AS (SELECT session_id, ts, event_id, ").add(name)
                .add(" AS name FROM ev WHERE session_id <> '' AND ").add(x.event(q.scope())).add("), ")
                .add("g AS (SELECT session_id, ts, event_id, name, lag(name) OVER (PARTITION BY session_id ORDER BY ts, "
                        + "event_id) AS prev FROM f WHERE name <> ''), ")
                .add("h AS (SELECT session_id, name, row_number() OVER (PARTITION BY session_id ORDER BY ts, event_id) "
                        + "AS hop FROM g WHERE prev IS NULL OR prev <> name), ")
                .add("n AS MATERIALIZED (SELECT session_id, hop, CAST(hop AS VARCHAR) || ':' || name AS id FROM h WHERE "
                        + "hop <= ").arg(maxHops + 1).add("), ")
                .add("v AS (SELECT id, count(*) AS c, row_number() OVER (ORDER BY count(*) DESC, id) AS r, count(*) OVER () "
                        + "AS total FROM n GROUP BY id), ")
                .add("k AS (SELECT id, r FROM v WHERE total <= ").arg(maxNodes).add(" OR r < ").arg(maxNodes).add("), ")
                .add("l AS (SELECT session_id, lag(id) OVER (PARTITION BY session_id ORDER BY hop) AS src, id AS dst FROM n), ")
                .add("m AS (SELECT DISTINCT l.session_id, COALESCE(ks.id, '" + FlowEngine.OTHERS + "') AS s, COALESCE(kd.id, '"
                        + FlowEngine.OTHERS + "') AS t FROM l LEFT JOIN k ks ON ks.id = l.src LEFT JOIN k kd ON kd.id = l.dst "
                        + "WHERE l.src IS NOT NULL), ")
                .add("links AS (SELECT s, t, count(*) AS v FROM m WHERE NOT (s = '" + FlowEngine.OTHERS + "' AND t = '"
                        + FlowEngine.OTHERS + "') GROUP BY s, t ORDER BY v DESC, s, t LIMIT ").arg(maxLinks).add(") ")
                .add("SELECT * FROM (SELECT 0 AS part, id, NULL AS t, r AS v, (SELECT max(total) FROM v) AS total FROM k "
                        + "UNION ALL SELECT 1, s, t, v, 0 FROM links) ORDER BY part, CASE WHEN part = 0 THEN v ELSE -v END, id, t");
        List<FlowNode> nodes = new ArrayList<>();
        List<FlowLink> links = new ArrayList<>();
        boolean[] overflow = {false};
        sql.each(c, rs -> {
            if (rs.getInt(1) == 0) {
                nodes.add(new FlowNode(rs.getString(2), false));
                overflow[0] = rs.getLong(5) > maxNodes;
            } else {
                links.add(new FlowLink(rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        });
        if (overflow[0]) {
            nodes.add(new FlowNode(FlowEngine.OTHERS, true));
        }
        return new Flow(nodes, links);
    }
}
