package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightQuery.FlowQuery;
import dev.sluice.query.insights.InsightResult.Flow;
import dev.sluice.query.insights.InsightResult.FlowLink;
import dev.sluice.query.insights.InsightResult.FlowNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** USER_FLOW in SQL, with {@link FlowEngine}'s rules: per-session paths, repeats collapsed, hops numbered. */
final class ReplicaFlow {

    private ReplicaFlow() {
    }

    static Flow flow(Connection c, SqlExpr x, Sql base, FlowQuery q) throws SQLException {
        int maxHops = q.maxHops() == 0 ? 5 : q.maxHops();
        int maxNodes = q.maxNodes() == 0 ? 20 : q.maxNodes();
        int maxLinks = q.maxLinks() == 0 ? 100 : q.maxLinks();
        Sql name = q.byProperty() ? x.value(q.nodeProperty()) : new Sql().add("kind");
        Sql nodes = new Sql().add("WITH ev AS (").add(base).add("), f AS (SELECT session_id, ts, event_id, ").add(name)
                .add(" AS name FROM ev WHERE session_id <> '' AND ").add(x.event(q.scope())).add("), ")
                .add("g AS (SELECT session_id, ts, event_id, name, lag(name) OVER (PARTITION BY session_id ORDER BY ts, "
                        + "event_id) AS prev FROM f WHERE name <> ''), ")
                .add("h AS (SELECT session_id, name, row_number() OVER (PARTITION BY session_id ORDER BY ts, event_id) "
                        + "AS hop FROM g WHERE prev IS NULL OR prev <> name), ")
                .add("n AS (SELECT session_id, hop, CAST(hop AS VARCHAR) || ':' || name AS id FROM h WHERE hop <= ")
                .arg(maxHops + 1).add(")");
        Map<String, Long> visits = new HashMap<>();
        new Sql().add(nodes).add(" SELECT id, count(*) FROM n GROUP BY id").each(c, rs -> visits.put(rs.getString(1), rs.getLong(2)));
        List<String> ranked = visits.keySet().stream().sorted(Comparator.<String>comparingLong(id -> -visits.get(id))
                .thenComparing(Comparator.naturalOrder())).toList();
        boolean overflow = ranked.size() > maxNodes;
        List<String> kept = overflow ? ranked.subList(0, maxNodes - 1) : ranked;
        Sql links = new Sql().add(nodes).add(", l AS (SELECT session_id, lag(id) OVER (PARTITION BY session_id ORDER BY hop) "
                + "AS src, id AS dst FROM n), m AS (SELECT DISTINCT session_id, ").add(fold("src", kept)).add(" AS s, ")
                .add(fold("dst", kept)).add(" AS t FROM l WHERE src IS NOT NULL) SELECT s, t, count(*) AS v FROM m WHERE NOT "
                        + "(s = '" + FlowEngine.OTHERS + "' AND t = '" + FlowEngine.OTHERS + "') GROUP BY s, t "
                        + "ORDER BY v DESC, s, t LIMIT ").arg(maxLinks);
        List<FlowLink> out = new ArrayList<>();
        links.each(c, rs -> out.add(new FlowLink(rs.getString(1), rs.getString(2), rs.getLong(3))));
        List<FlowNode> nodeList = new ArrayList<>();
        kept.forEach(id -> nodeList.add(new FlowNode(id, false)));
        if (overflow) {
            nodeList.add(new FlowNode(FlowEngine.OTHERS, true));
        }
        return new Flow(nodeList, out);
    }

    /** The node id, or {@code $others} when it is not kept. */
    private static Sql fold(String column, List<String> kept) {
        if (kept.isEmpty()) {
            return new Sql().add("'" + FlowEngine.OTHERS + "'");
        }
        return new Sql().add("CASE WHEN " + column + " IN (").args(kept).add(") THEN " + column + " ELSE '"
                + FlowEngine.OTHERS + "' END");
    }
}
