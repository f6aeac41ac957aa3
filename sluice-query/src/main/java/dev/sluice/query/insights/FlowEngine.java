package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightQuery.FlowQuery;
import dev.sluice.query.insights.InsightResult.Flow;
import dev.sluice.query.insights.InsightResult.FlowLink;
import dev.sluice.query.insights.InsightResult.FlowNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * USER_FLOW, traversed per session. Each session's scoped events name nodes (their kind, or a property's
 * value; events without it are skipped); consecutive repeats collapse; the path is cut after
 * {@code max_hops} links. A node is {@code "<hop>:<name>"} (hop 1 = the session's first node), so the flow
 * is acyclic. Nodes beyond the {@code max_nodes − 1} most visited (ties by id) fold into one {@code $others}
 * node; links count sessions, drop the {@code $others} self-link, and keep the {@code max_links} largest.
 */
final class FlowEngine {

    static final String OTHERS = "$others";

    private FlowEngine() {
    }

    static Flow flow(FlowQuery q, List<InsightRow> rows) {
        int maxHops = q.maxHops() == 0 ? 5 : q.maxHops();
        Map<String, List<String>> paths = new LinkedHashMap<>();
        for (InsightRow r : rows) {
            if (r.view.sessionId().isEmpty() || !r.matches(q.scope())) {
                continue;
            }
            String name = q.byProperty() ? r.value(q.nodeProperty()) : r.kind();
            if (name.isEmpty()) {
                continue;
            }
            List<String> path = paths.computeIfAbsent(r.view.sessionId(), s -> new ArrayList<>());
            if ((path.isEmpty() || !path.getLast().equals(name)) && path.size() <= maxHops) {
                path.add(name);
            }
        }
        return fold(q, paths.values());
    }

    /** Nodes and links of session paths (names in order, repeats collapsed, cut after max hops). */
    static Flow fold(FlowQuery q, Iterable<List<String>> paths) {
        int maxNodes = q.maxNodes() == 0 ? 20 : q.maxNodes();
        int maxLinks = q.maxLinks() == 0 ? 100 : q.maxLinks();
        Map<String, Integer> visits = new HashMap<>();
        List<List<String>> nodePaths = new ArrayList<>();
        for (List<String> path : paths) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < path.size(); i++) {
                ids.add((i + 1) + ":" + path.get(i));
            }
            ids.forEach(id -> visits.merge(id, 1, Integer::sum));
            nodePaths.add(ids);
        }
        Comparator<Map.Entry<String, Integer>> byVisits = Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                .thenComparing(Map.Entry::getKey);
        List<String> ranked = visits.entrySet().stream().sorted(byVisits).map(Map.Entry::getKey).toList();
        boolean overflow = ranked.size() > maxNodes;
        Set<String> kept = new LinkedHashSet<>(overflow ? ranked.subList(0, maxNodes - 1) : ranked);
        Map<List<String>, Integer> links = new HashMap<>();
        for (List<String> ids : nodePaths) {
            Set<List<String>> seen = new LinkedHashSet<>();
            for (int i = 1; i < ids.size(); i++) {
                String source = kept.contains(ids.get(i - 1)) ? ids.get(i - 1) : OTHERS;
                String target = kept.contains(ids.get(i)) ? ids.get(i) : OTHERS;
                if (!(source.equals(OTHERS) && target.equals(OTHERS))) {
                    seen.add(List.of(source, target));
                }
            }
            seen.forEach(l -> links.merge(l, 1, Integer::sum));
        }
        List<FlowNode> nodes = new ArrayList<>();
        kept.forEach(id -> nodes.add(new FlowNode(id, false)));
        if (overflow) {
            nodes.add(new FlowNode(OTHERS, true));
        }
        List<FlowLink> out = links.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<String>, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)))
                .limit(maxLinks).map(e -> new FlowLink(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList();
        return new Flow(nodes, out);
    }
}
