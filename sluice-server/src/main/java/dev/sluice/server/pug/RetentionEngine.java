package dev.sluice.server.pug;

import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.RetentionCohort;
import dev.sluice.pug.proto.shared.insights.v1.RetentionResult;
import dev.sluice.pug.proto.shared.insights.v1.RetentionSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * RETENTION. A person's cohort is the bucket of their first start event ({@code events[0]}) in the range.
 * Point n of a cohort counts its people with a return event ({@code events[1]}, default the start event) at
 * or after their first start event, in the n-th bucket after the cohort's; points run while the bucket starts
 * before the range ends. Breakdowns use the person's first start event.
 */
final class RetentionEngine {

    private RetentionEngine() {
    }

    static RetentionResult retention(InsightQuerySpec spec, List<InsightRow> rows, Buckets buckets, long to) {
        EventFilter start = spec.getEvents(0).getEvent();
        EventFilter back = spec.getEventsCount() > 1 ? spec.getEvents(1).getEvent() : start;
        Map<String, InsightRow> firstStart = new LinkedHashMap<>();
        Map<String, List<Long>> returns = new HashMap<>();
        for (InsightRow r : rows) {
            if (r.person.isEmpty()) {
                continue;
            }
            if (EventFilters.matches(start, r, r.kind())) {
                firstStart.putIfAbsent(r.person, r);
            }
            if (EventFilters.matches(back, r, r.kind())) {
                returns.computeIfAbsent(r.person, p -> new ArrayList<>()).add(r.time());
            }
        }
        // breakdown key → cohort bucket → people
        Map<List<String>, TreeMap<Long, List<String>>> cohorts = new LinkedHashMap<>();
        Map<List<String>, Integer> sizes = new HashMap<>();
        firstStart.forEach((person, r) -> {
            List<String> key = TrendsEngine.key(spec, r);
            cohorts.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(buckets.start(r.time()),
                    b -> new ArrayList<>()).add(person);
            sizes.merge(key, 1, Integer::sum);
        });
        List<List<String>> keys = new ArrayList<>(cohorts.keySet());
        if (keys.isEmpty() && spec.getBreakdownsCount() == 0) {
            keys.add(List.of());
            cohorts.put(List.of(), new TreeMap<>());
            sizes.put(List.of(), 0);
        }
        int limit = spec.getBreakdownLimit() > 0 ? spec.getBreakdownLimit() : TrendsEngine.DEFAULT_BREAKDOWN_LIMIT;
        keys.sort(java.util.Comparator.<List<String>>comparingInt(k -> -sizes.get(k))
                .thenComparing(k -> String.join("\u0000", k)));
        RetentionResult.Builder out = RetentionResult.newBuilder();
        for (List<String> key : keys.subList(0, Math.min(limit, keys.size()))) {
            RetentionSeries.Builder series = RetentionSeries.newBuilder().putAllBreakdown(TrendsEngine.breakdown(spec, key));
            cohorts.get(key).forEach((bucket, people) -> {
                RetentionCohort.Builder cohort = RetentionCohort.newBuilder()
                        .setCohort(Instant.ofEpochMilli(bucket).toString()).setCohortSize(people.size());
                List<Long> offsets = new ArrayList<>();
                for (long b = bucket; b < to; b = buckets.plus(b, 1)) {
                    offsets.add(b);
                }
                for (int n = 0; n < offsets.size(); n++) {
                    long b = offsets.get(n);
                    Set<String> retained = new HashSet<>();
                    for (String person : people) {
                        long since = firstStart.get(person).time();
                        for (long t : returns.getOrDefault(person, List.of())) {
                            if (t >= since && buckets.start(t) == b) {
                                retained.add(person);
                                break;
                            }
                        }
                    }
                    cohort.addPoints(TrendsEngine.point(b, retained.size()));
                }
                series.addCohorts(cohort);
            });
            out.addSeries(series);
        }
        return out.build();
    }
}
