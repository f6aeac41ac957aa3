package dev.sluice.server.pug;

import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.DataPoint;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.SegmentationResult;
import dev.sluice.pug.proto.shared.insights.v1.SessionMetric;
import dev.sluice.pug.proto.shared.insights.v1.TrendSeries;
import dev.sluice.pug.proto.shared.insights.v1.TrendsResult;
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

    static final int DEFAULT_BREAKDOWN_LIMIT = 25;

    private TrendsEngine() {
    }

    static TrendsResult trends(InsightQuerySpec spec, List<InsightRow> rows, Buckets buckets, long from, long to) {
        List<Long> starts = buckets.all(from, to);
        TrendsResult.Builder out = TrendsResult.newBuilder();
        if (spec.hasSession()) {
            List<Session> sessions = sessions(spec.getSession().getScope(), rows);
            SessionMetric metric = spec.getSession().getMetric();
            Function<Session, InsightRow> keyRow = metric == SessionMetric.SESSION_METRIC_EXIT ? Session::last : Session::first;
            List<Map.Entry<List<String>, List<Session>>> groups = spec.getBreakdownsCount() == 0
                    ? List.of(Map.entry(List.of(), sessions)) : ranked(sessions, s -> key(spec, keyRow.apply(s)), spec);
            for (Map.Entry<List<String>, List<Session>> group : groups) {
                TrendSeries.Builder series = TrendSeries.newBuilder().setEventKind("").putAllBreakdown(breakdown(spec, group.getKey()));
                Map<Long, List<Session>> byBucket = new LinkedHashMap<>();
                group.getValue().forEach(s -> byBucket.computeIfAbsent(buckets.start(s.first().time()), b -> new ArrayList<>()).add(s));
                for (long b : starts) {
                    series.addPoints(point(b, sessionMetric(metric, byBucket.getOrDefault(b, List.of()))));
                }
                out.addSeries(series);
            }
            return out.build();
        }
        for (EventQuery q : spec.getEventsList()) {
            List<InsightRow> matching = rows.stream().filter(r -> EventFilters.matches(q.getEvent(), r, r.kind())).toList();
            List<Map.Entry<List<String>, List<InsightRow>>> groups = spec.getBreakdownsCount() == 0
                    ? List.of(Map.entry(List.of(), matching)) : ranked(matching, r -> key(spec, r), spec);
            for (Map.Entry<List<String>, List<InsightRow>> group : groups) {
                TrendSeries.Builder series = TrendSeries.newBuilder().setEventKind(q.getEvent().getKind())
                        .putAllBreakdown(breakdown(spec, group.getKey()));
                Map<Long, List<InsightRow>> byBucket = new LinkedHashMap<>();
                group.getValue().forEach(r -> byBucket.computeIfAbsent(buckets.start(r.time()), b -> new ArrayList<>()).add(r));
                for (long b : starts) {
                    series.addPoints(point(b, InsightData.aggregate(q.getAggregation(), q.getAggregationProperty(),
                            byBucket.getOrDefault(b, List.of()))));
                }
                out.addSeries(series);
            }
        }
        return out.build();
    }

    static SegmentationResult segmentation(InsightQuerySpec spec, List<InsightRow> rows) {
        if (spec.hasSession()) {
            return SegmentationResult.newBuilder().setTotal(sessionMetric(spec.getSession().getMetric(),
                    sessions(spec.getSession().getScope(), rows))).build();
        }
        double total = 0;
        for (EventQuery q : spec.getEventsList()) {
            total += InsightData.aggregate(q.getAggregation(), q.getAggregationProperty(),
                    rows.stream().filter(r -> EventFilters.matches(q.getEvent(), r, r.kind())).toList());
        }
        return SegmentationResult.newBuilder().setTotal(total).build();
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
            if (!r.view.sessionId().isEmpty() && EventFilters.matches(scope, r, r.kind())) {
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
            case SESSION_METRIC_AVG_DURATION -> sessions.stream()
                    .mapToDouble(s -> (s.last().time() - s.first().time()) / 1000.0).sum() / n;
            case SESSION_METRIC_BOUNCE_RATE -> 100.0 * sessions.stream().filter(s -> s.events().size() == 1).count() / n;
            case SESSION_METRIC_AVG_EVENTS_PER_SESSION -> (double) sessions.stream()
                    .mapToInt(s -> s.events().size()).sum() / n;
            default -> n;
        };
    }

    static List<String> key(InsightQuerySpec spec, InsightRow row) {
        List<String> key = new ArrayList<>(spec.getBreakdownsCount());
        for (Breakdown b : spec.getBreakdownsList()) {
            key.add(row.value(b.getProperty()));
        }
        return key;
    }

    static Map<String, String> breakdown(InsightQuerySpec spec, List<String> key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            out.put(spec.getBreakdowns(i).getProperty(), key.get(i));
        }
        return out;
    }

    /** Groups by key; the largest {@code breakdown_limit} groups, largest first, ties by key text. */
    static <T> List<Map.Entry<List<String>, List<T>>> ranked(List<T> items, Function<T, List<String>> key,
                                                             InsightQuerySpec spec) {
        Map<List<String>, List<T>> groups = new LinkedHashMap<>();
        items.forEach(i -> groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        int limit = spec.getBreakdownLimit() > 0 ? spec.getBreakdownLimit() : DEFAULT_BREAKDOWN_LIMIT;
        return groups.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<String>, List<T>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(e -> String.join("\u0000", e.getKey())))
                .limit(limit).toList();
    }

    static DataPoint point(long bucket, double value) {
        return DataPoint.newBuilder().setTime(Props.ts(bucket)).setValue(value).build();
    }
}
