package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightResult.Funnel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FUNNEL over scanned rows: groups them by person and applies {@link FunnelWalk}. */
final class FunnelEngine {

    private FunnelEngine() {
    }

    static Funnel funnel(InsightQuery spec, List<InsightRow> rows) {
        Map<String, List<InsightRow>> byPerson = new LinkedHashMap<>();
        for (InsightRow r : rows) {
            if (!r.person.isEmpty()) {
                byPerson.computeIfAbsent(r.person, p -> new ArrayList<>()).add(r);
            }
        }
        int steps = spec.events().size();
        FunnelWalk walk = new FunnelWalk(spec);
        for (List<InsightRow> events : byPerson.values()) {
            long[] times = new long[events.size()];
            boolean[][] match = new boolean[events.size()][steps];
            List<String> key = null;
            for (int i = 0; i < events.size(); i++) {
                times[i] = events.get(i).time();
                for (int s = 0; s < steps; s++) {
                    match[i][s] = events.get(i).matches(spec.events().get(s).event());
                }
                if (key == null && match[i][0]) {
                    key = TrendsEngine.key(spec, events.get(i));
                }
            }
            walk.person(times, match, key == null ? List.of() : key);
        }
        return walk.result();
    }
}
