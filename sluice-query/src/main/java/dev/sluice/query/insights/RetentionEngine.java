package dev.sluice.query.insights;

import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.InsightResult.Cohort;
import dev.sluice.query.insights.InsightResult.Point;
import dev.sluice.query.insights.InsightResult.Retention;
import dev.sluice.query.insights.InsightResult.RetentionSeries;
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

    static Retention retention(InsightQuery spec, List<InsightRow> rows, Buckets buckets) {
        EventFilter start = spec.events().get(0).event();
        EventFilter back = spec.events().size() > 1 ? spec.events().get(1).event() : start;
        Map<String, InsightRow> firstStart = new LinkedHashMap<>();
        Map<String, List<Long>> returns = new HashMap<>();
        for (InsightRow r : rows) {
            if (r.person.isEmpty()) {
                continue;
            }
            if (r.matches(start)) {
                firstStart.putIfAbsent(r.person, r);
            }
            if (r.matches(back)) {
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
        if (cohorts.isEmpty() && spec.breakdowns().isEmpty()) {
            cohorts.put(List.of(), new TreeMap<>());
            sizes.put(List.of(), 0);
        }
        List<RetentionSeries> out = new ArrayList<>();
        for (List<String> key : TrendsEngine.rankKeys(sizes, spec.limit())) {
            List<Cohort> series = new ArrayList<>();
            cohorts.get(key).forEach((bucket, people) -> {
                List<Point> points = new ArrayList<>();
                for (long b = bucket; b < spec.to(); b = buckets.plus(b, 1)) {
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
                    points.add(new Point(b, retained.size()));
                }
                series.add(new Cohort(bucket, people.size(), points));
            });
            out.add(new RetentionSeries(TrendsEngine.breakdown(spec, key), series));
        }
        return new Retention(out);
    }
}
