package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightQuery.EventQuery;
import dev.sluice.query.insights.InsightResult.Funnel;
import dev.sluice.query.insights.InsightResult.FunnelSeries;
import dev.sluice.query.insights.InsightResult.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FUNNEL. A person reaches step k when they have events matching steps 1..k in time order (each later in
 * their event order than the one before), the last within the conversion window of the first (absent = the
 * whole range). For each start (a step-1 event, earliest first) the earliest matching event of each next
 * step is taken: that greedy chain reaches as far as any chain from that start. A person's depth is the best
 * over all starts; the timing of step k is the gap from step k−1 in the chain of the earliest start that
 * reaches k. Breakdowns use the person's first step-1 event.
 */
final class FunnelEngine {

    private FunnelEngine() {
    }

    static Funnel funnel(InsightQuery spec, List<InsightRow> rows) {
        long window = spec.conversionWindowMillis().orElse(spec.to() - spec.from());
        List<EventQuery> steps = spec.events();
        Map<String, List<InsightRow>> byPerson = new LinkedHashMap<>();
        for (InsightRow r : rows) {
            if (!r.person.isEmpty()) {
                byPerson.computeIfAbsent(r.person, p -> new ArrayList<>()).add(r);
            }
        }
        // Per breakdown key: persons reaching each step, and the gaps (ms) into each step.
        Map<List<String>, long[]> reached = new LinkedHashMap<>();
        Map<List<String>, List<List<Long>>> gaps = new LinkedHashMap<>();
        Map<List<String>, Integer> groupSize = new LinkedHashMap<>();
        for (List<InsightRow> events : byPerson.values()) {
            boolean[][] match = new boolean[events.size()][steps.size()];
            InsightRow firstStart = null;
            for (int i = 0; i < events.size(); i++) {
                for (int s = 0; s < steps.size(); s++) {
                    match[i][s] = events.get(i).matches(steps.get(s).event());
                }
                if (firstStart == null && match[i][0]) {
                    firstStart = events.get(i);
                }
            }
            if (firstStart == null) {
                continue;
            }
            List<String> key = TrendsEngine.key(spec, firstStart);
            long[] counts = reached.computeIfAbsent(key, k -> new long[steps.size()]);
            List<List<Long>> stepGaps = gaps.computeIfAbsent(key, k -> empty(steps.size()));
            groupSize.merge(key, 1, Integer::sum);
            long[] gapInto = new long[steps.size()];
            Arrays.fill(gapInto, -1);
            int depth = 0;
            for (int start = 0; start < events.size() && depth < steps.size(); start++) {
                if (!match[start][0]) {
                    continue;
                }
                int[] chain = new int[steps.size()];
                chain[0] = start;
                int reachedHere = 1;
                for (int s = 1, pos = start + 1; s < steps.size(); s++) {
                    while (pos < events.size() && !match[pos][s]) {
                        pos++;
                    }
                    if (pos >= events.size() || events.get(pos).time() - events.get(start).time() > window) {
                        break;
                    }
                    chain[s] = pos++;
                    reachedHere = s + 1;
                }
                for (int s = Math.max(1, depth); s < reachedHere; s++) {
                    gapInto[s] = events.get(chain[s]).time() - events.get(chain[s - 1]).time();
                }
                depth = Math.max(depth, reachedHere);
            }
            for (int s = 0; s < depth; s++) {
                counts[s]++;
                if (s > 0) {
                    stepGaps.get(s).add(gapInto[s]);
                }
            }
        }
        if (spec.breakdowns().isEmpty() && reached.isEmpty()) {
            reached.put(List.of(), new long[steps.size()]);
            gaps.put(List.of(), empty(steps.size()));
            groupSize.put(List.of(), 0);
        }
        List<FunnelSeries> out = new ArrayList<>();
        for (List<String> key : TrendsEngine.rankKeys(groupSize, spec.limit())) {
            List<Step> series = new ArrayList<>();
            for (int s = 0; s < steps.size(); s++) {
                series.add(new Step(steps.get(s).event().kind(), reached.get(key)[s],
                        s > 0 && spec.stepTiming() ? Optional.of(StepTimings.of(gaps.get(key).get(s))) : Optional.empty()));
            }
            out.add(new FunnelSeries(TrendsEngine.breakdown(spec, key), series));
        }
        return new Funnel(out);
    }

    private static List<List<Long>> empty(int steps) {
        List<List<Long>> g = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            g.add(new ArrayList<>());
        }
        return g;
    }
}
