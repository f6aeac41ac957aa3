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
 * The FUNNEL rule on one person's events, shared by both engines. A person reaches step k when they have
 * events matching steps 1..k in time order (each later in their event order than the one before), the last
 * within the conversion window of the first. For each start (a step-1 event, earliest first) the earliest
 * matching event of each next step is taken: that greedy chain reaches as far as any chain from that start.
 * A person's depth is the best over all starts; the timing of step k is the gap from step k−1 in the chain of
 * the earliest start that reaches k. Breakdowns use the person's first step-1 event.
 */
final class FunnelWalk {

    private final InsightQuery spec;
    private final long window;
    private final int steps;
    private final Map<List<String>, Tally> tallies = new LinkedHashMap<>();

    FunnelWalk(InsightQuery spec) {
        this.spec = spec;
        this.window = spec.conversionWindowMillis().orElse(spec.to() - spec.from());
        this.steps = spec.events().size();
    }

    private final class Tally {
        final long[] reached = new long[steps];
        final List<List<Long>> gaps = new ArrayList<>();
        int size;

        Tally() {
            for (int s = 0; s < steps; s++) {
                gaps.add(new ArrayList<>());
            }
        }
    }

    /**
     * Adds one person: their events' times in order and which steps each matches; {@code key} is the breakdown
     * of their first step-1 event. A person without a step-1 event is not counted.
     */
    void person(long[] times, boolean[][] match, List<String> key) {
        if (Arrays.stream(match).noneMatch(m -> m[0])) {
            return;
        }
        Tally t = tallies.computeIfAbsent(key, k -> new Tally());
        t.size++;
        long[] gapInto = new long[steps];
        int depth = 0;
        for (int start = 0; start < times.length && depth < steps; start++) {
            if (!match[start][0]) {
                continue;
            }
            int[] chain = new int[steps];
            chain[0] = start;
            int reachedHere = 1;
            for (int s = 1, pos = start + 1; s < steps; s++) {
                while (pos < times.length && !match[pos][s]) {
                    pos++;
                }
                if (pos >= times.length || times[pos] - times[start] > window) {
                    break;
                }
                chain[s] = pos++;
                reachedHere = s + 1;
            }
            for (int s = Math.max(1, depth); s < reachedHere; s++) {
                gapInto[s] = times[chain[s]] - times[chain[s - 1]];
            }
            depth = Math.max(depth, reachedHere);
        }
        for (int s = 0; s < depth; s++) {
            t.reached[s]++;
            if (s > 0) {
                t.gaps.get(s).add(gapInto[s]);
            }
        }
    }

    Funnel result() {
        if (spec.breakdowns().isEmpty() && tallies.isEmpty()) {
            tallies.put(List.of(), new Tally());
        }
        Map<List<String>, Integer> sizes = new LinkedHashMap<>();
        tallies.forEach((k, t) -> sizes.put(k, t.size));
        List<EventQuery> qs = spec.events();
        List<FunnelSeries> out = new ArrayList<>();
        for (List<String> key : TrendsEngine.rankKeys(sizes, spec.limit())) {
            Tally t = tallies.get(key);
            List<Step> series = new ArrayList<>();
            for (int s = 0; s < steps; s++) {
                series.add(new Step(qs.get(s).event().kind(), t.reached[s],
                        s > 0 && spec.stepTiming() ? Optional.of(StepTimings.of(t.gaps.get(s))) : Optional.empty()));
            }
            out.add(new FunnelSeries(TrendsEngine.breakdown(spec, key), series));
        }
        return new Funnel(out);
    }
}
