package dev.sluice.server.pug;

import com.google.protobuf.Duration;
import dev.sluice.pug.proto.shared.insights.v1.DistributionBucket;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.FunnelResult;
import dev.sluice.pug.proto.shared.insights.v1.FunnelSeries;
import dev.sluice.pug.proto.shared.insights.v1.FunnelStep;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.StepTiming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FUNNEL. A person reaches step k when they have events matching steps 1..k in time order (each later in
 * their event order than the one before), the last within the conversion window of the first (absent = the
 * whole range). For each start (a step-1 event, earliest first) the earliest matching event of each next
 * step is taken: that greedy chain reaches as far as any chain from that start. A person's depth is the best
 * over all starts; the timing of step k is the gap from step k−1 in the chain of the earliest start that
 * reaches k. Breakdowns use the person's first step-1 event.
 */
final class FunnelEngine {

    /** The 8 timing buckets: label and exclusive upper bound in seconds (the last is open-ended). */
    static final String[] LABELS = {"0-30s", "30s-2m", "2m-10m", "10m-30m", "30m-1h", "1h-6h", "6h-24h", "24h+"};
    static final long[] UPPER_SECONDS = {30, 120, 600, 1800, 3600, 21_600, 86_400};

    private FunnelEngine() {
    }

    static FunnelResult funnel(InsightQuerySpec spec, List<InsightRow> rows, long from, long to) {
        long window = spec.hasConversionWindow() ? spec.getConversionWindow().getSeconds() * 1000 : to - from;
        List<EventQuery> steps = spec.getEventsList();
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
                    match[i][s] = EventFilters.matches(steps.get(s).getEvent(), events.get(i), events.get(i).kind());
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
            List<List<Long>> stepGaps = gaps.computeIfAbsent(key, k -> {
                List<List<Long>> g = new ArrayList<>();
                for (int s = 0; s < steps.size(); s++) {
                    g.add(new ArrayList<>());
                }
                return g;
            });
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
        List<List<String>> keys = new ArrayList<>(reached.keySet());
        if (spec.getBreakdownsCount() == 0 && keys.isEmpty()) {
            keys.add(List.of());
            reached.put(List.of(), new long[steps.size()]);
            gaps.put(List.of(), new ArrayList<>(java.util.Collections.nCopies(steps.size(), List.of())));
            groupSize.put(List.of(), 0);
        }
        int limit = spec.getBreakdownLimit() > 0 ? spec.getBreakdownLimit() : TrendsEngine.DEFAULT_BREAKDOWN_LIMIT;
        keys.sort(java.util.Comparator.<List<String>>comparingInt(k -> -groupSize.get(k))
                .thenComparing(k -> String.join("\u0000", k)));
        FunnelResult.Builder out = FunnelResult.newBuilder();
        for (List<String> key : keys.subList(0, Math.min(limit, keys.size()))) {
            FunnelSeries.Builder series = FunnelSeries.newBuilder().putAllBreakdown(TrendsEngine.breakdown(spec, key));
            for (int s = 0; s < steps.size(); s++) {
                FunnelStep.Builder step = FunnelStep.newBuilder().setEventKind(steps.get(s).getEvent().getKind())
                        .setTotal(reached.get(key)[s]);
                if (s > 0 && spec.getIncludeStepTiming()) {
                    step.setTiming(timing(gaps.get(key).get(s)));
                }
                series.addSteps(step);
            }
            out.addSeries(series);
        }
        return out.build();
    }

    /** avg (floor to the nanosecond), lower median, nearest-rank p95, and the 8-bucket distribution. */
    static StepTiming timing(List<Long> gapsMillis) {
        long[] sorted = gapsMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        StepTiming.Builder t = StepTiming.newBuilder();
        long[] counts = new long[LABELS.length];
        for (long g : sorted) {
            int b = 0;
            while (b < UPPER_SECONDS.length && g >= UPPER_SECONDS[b] * 1000) {
                b++;
            }
            counts[b]++;
        }
        if (sorted.length == 0) {
            t.setAvg(Duration.getDefaultInstance()).setMedian(Duration.getDefaultInstance())
                    .setP95(Duration.getDefaultInstance());
        } else {
            long sum = Arrays.stream(sorted).sum();
            long avgNanos = java.math.BigInteger.valueOf(sum).multiply(java.math.BigInteger.valueOf(1_000_000))
                    .divide(java.math.BigInteger.valueOf(sorted.length)).longValueExact();
            t.setAvg(nanos(avgNanos)).setMedian(nanos(sorted[(sorted.length - 1) / 2] * 1_000_000))
                    .setP95(nanos(sorted[(int) Math.ceil(0.95 * sorted.length) - 1] * 1_000_000));
        }
        for (int b = 0; b < LABELS.length; b++) {
            DistributionBucket.Builder bucket = DistributionBucket.newBuilder().setLabel(LABELS[b]).setCount(counts[b]);
            if (b < UPPER_SECONDS.length) {
                bucket.setUpperBound(Duration.newBuilder().setSeconds(UPPER_SECONDS[b]));
            }
            t.addDistribution(bucket);
        }
        return t.build();
    }

    private static Duration nanos(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000).setNanos((int) (nanos % 1_000_000_000)).build();
    }
}
