package dev.sluice.query.insights;

import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.InsightQuery.EventQuery;
import dev.sluice.query.insights.InsightQuery.SessionMetric;
import dev.sluice.query.insights.InsightQuery.SessionQuery;
import dev.sluice.query.insights.InsightResult.Point;
import dev.sluice.query.insights.InsightResult.Segmentation;
import dev.sluice.query.insights.InsightResult.Series;
import dev.sluice.query.insights.InsightResult.Trends;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * TRENDS (a series per event query × breakdown combination, one point per bucket, zeros included) and
 * SEGMENTATION (one aggregate over the range, summed across event queries), over events or sessions.
 * Breakdown combinations are ranked by how many rows they hold (ties by value text) and the top
 * {@code breakdown_limit} (default 25) are kept.
 */
final class TrendsEngine {

    private TrendsEngine() {
    }

    static Trends trends(InsightQuery spec, List<InsightRow> rows, Buckets buckets) {
        List<Long> starts = buckets.all(spec.from(), spec.to());
        List<Series> out = new ArrayList<>();
        if (spec.session().isPresent()) {
            SessionQuery sq = spec.session().get();
            List<Session> sessions = sessions(sq.scope(), rows);
            Function<Session, InsightRow> keyRow = sq.metric() == SessionMetric.EXIT ? Session::last : Session::first;
            List<Map.Entry<List<String>, List<Session>>> groups = spec.breakdowns().isEmpty()
                    ? List.of(Map.entry(List.of(), sessions)) : ranked(sessions, s -> key(spec, keyRow.apply(s)), spec);
            for (Map.Entry<List<String>, List<Session>> group : groups) {
                Map<Long, List<Session>> byBucket = new LinkedHashMap<>();
                group.getValue().forEach(s -> byBucket.computeIfAbsent(buckets.start(s.first().time()), b -> new ArrayList<>()).add(s));
                List<Point> points = new ArrayList<>();
                for (long b : starts) {
                    points.add(new Point(b, sessionMetric(sq.metric(), byBucket.getOrDefault(b, List.of()))));
                }
                out.add(new Series("", breakdown(spec, group.getKey()), points));
            }
            return new Trends(out);
        }
        for (EventQuery q : spec.events()) {
            List<InsightRow> matching = rows.stream().filter(r -> r.matches(q.event())).toList();
            List<Map.Entry<List<String>, List<InsightRow>>> groups = spec.breakdowns().isEmpty()
                    ? List.of(Map.entry(List.of(), matching)) : ranked(matching, r -> key(spec, r), spec);
            for (Map.Entry<List<String>, List<InsightRow>> group : groups) {
                Map<Long, List<InsightRow>> byBucket = new LinkedHashMap<>();
                group.getValue().forEach(r -> byBucket.computeIfAbsent(buckets.start(r.time()), b -> new ArrayList<>()).add(r));
                List<Point> points = new ArrayList<>();
                for (long b : starts) {
                    points.add(new Point(b, InsightData.aggregate(q.aggregation(), q.property(),
                            byBucket.getOrDefault(b, List.of()))));
                }
                out.add(new Series(q.event().kind(), breakdown(spec, group.getKey()), points));
            }
        }
        return new Trends(out);
    }

    static Segmentation segmentation(InsightQuery spec, List<InsightRow> rows) {
        if (spec.session().isPresent()) {
            SessionQuery sq = spec.session().get();
            return new Segmentation(sessionMetric(sq.metric(), sessions(sq.scope(), rows)));
        }
        double total = 0;
        for (EventQuery q : spec.events()) {
            total += InsightData.aggregate(q.aggregation(), q.property(),
                    rows.stream().filter(r -> r.matches(q.event())).toList());
        }
        return new Segmentation(total);
    }

    /** A session: its scoped events in time order (sessionless events belong to none). */
    record Session(List<InsightRow> events) {
        InsightRow first() {
            return events.getFirst();
        }

        InsightRow last() {
            return events.getLast();
        }
    }

    static List<Session> sessions(EventFilter scope, List<InsightRow> rows) {
        Map<String, List<InsightRow>> byId = new LinkedHashMap<>();
        for (InsightRow r : rows) {
            if (!r.view.sessionId().isEmpty() && r.matches(scope)) {
                byId.computeIfAbsent(r.view.sessionId(), s -> new ArrayList<>()).add(r);
            }
        }
        return byId.values().stream().map(Session::new).toList();
    }

    static double sessionMetric(SessionMetric metric, List<Session> sessions) {
        if (sessions.isEmpty()) {
            return 0;
        }
        int n = sessions.size();
        return switch (metric) {
            case AVG_DURATION -> sessions.stream().mapToDouble(s -> (s.last().time() - s.first().time()) / 1000.0).sum() / n;
            case BOUNCE_RATE -> 100.0 * sessions.stream().filter(s -> s.events().size() == 1).count() / n;
            case AVG_EVENTS_PER_SESSION -> (double) sessions.stream().mapToInt(s -> s.events().size()).sum() / n;
            default -> n;
        };
    }

    static List<String> key(InsightQuery spec, InsightRow row) {
        List<String> key = new ArrayList<>(spec.breakdowns().size());
        for (String property : spec.breakdowns()) {
            key.add(row.value(property));
        }
        return key;
    }

    static Map<String, String> breakdown(InsightQuery spec, List<String> key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            out.put(spec.breakdowns().get(i), key.get(i));
        }
        return out;
    }

    /** Groups by key; the largest {@code breakdown_limit} groups, largest first, ties by key text. */
    static <T> List<Map.Entry<List<String>, List<T>>> ranked(List<T> items, Function<T, List<String>> key,
                                                             InsightQuery spec) {
        Map<List<String>, List<T>> groups = new LinkedHashMap<>();
        items.forEach(i -> groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        return groups.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<String>, List<T>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(e -> String.join("\u0000", e.getKey())))
                .limit(spec.limit()).toList();
    }

    /** Keys ranked by group size (largest first, ties by key text), the top {@code limit}. */
    static List<List<String>> rankKeys(Map<List<String>, Integer> sizes, int limit) {
        return sizes.keySet().stream().sorted(Comparator.<List<String>>comparingInt(k -> -sizes.get(k))
                .thenComparing(k -> String.join("\u0000", k))).limit(limit).toList();
    }
}
