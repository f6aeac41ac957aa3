package dev.sluice.sdk;

import dev.sluice.sdk.InsightResult.Cohort;
import dev.sluice.sdk.InsightResult.FunnelSeries;
import dev.sluice.sdk.InsightResult.Point;
import dev.sluice.sdk.InsightResult.Row;
import dev.sluice.sdk.InsightResult.Series;
import dev.sluice.sdk.InsightResult.Step;
import dev.sluice.sdk.internal.ProtoReader;
import dev.sluice.sdk.internal.ProtoWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed {@code InsightsService/Query} (pug.md §6.3): encodes an {@link InsightQuery} as protobuf and decodes
 * the result variant. Throws {@link SluiceException} with the Connect code, e.g. {@code invalid_argument}
 * for a time range over the granularity's cap.
 */
public final class Insights {

    private final PugReads reads;

    Insights(PugReads reads) {
        this.reads = reads;
    }

    /** Runs {@code query}. */
    public InsightResult query(InsightQuery query) {
        ProtoWriter spec = new ProtoWriter().int64(1, query.type().wire());
        for (String kind : query.eventKinds()) {
            ProtoWriter event = new ProtoWriter().message(1, new ProtoWriter().string(1, kind));
            if (query.aggregation() != InsightQuery.Aggregation.TOTAL) {
                event.int64(2, query.aggregation().ordinal() + 1);
            }
            spec.message(2, event);
        }
        query.breakdowns().forEach(b -> spec.message(3, new ProtoWriter().string(1, b)));
        query.conversionWindow().ifPresent(w -> spec.message(7, new ProtoWriter().int64(1, w.toSeconds())));
        if (query.includeStepTiming()) {
            spec.bool(8, true);
        }
        if (query.type() == InsightQuery.Type.TOP_K) {
            ProtoWriter topK = new ProtoWriter().int64(1, query.topKProperty().isPresent() ? 1 : 2);
            query.topKProperty().ifPresent(p -> topK.string(2, p));
            if (query.topKLimit() > 0) {
                topK.int64(6, query.topKLimit());
            }
            spec.message(11, topK);
        }
        ProtoWriter range = new ProtoWriter().message(1, ProtoWriter.timestamp(query.from()))
                .message(2, ProtoWriter.timestamp(query.to()));
        ProtoWriter request = new ProtoWriter().message(1, spec).message(2, range)
                .int64(3, query.granularity().ordinal() + 1);
        return decode(new ProtoReader(reads.unary("/shared.insights.v1.InsightsService/Query",
                request.toByteArray())), query.type());
    }

    private static InsightResult decode(ProtoReader r, InsightQuery.Type type) {
        while (r.next()) {
            switch (r.field()) {
                case 2 -> {
                    return new InsightResult.Trends(repeated(r.message(), 1, Insights::series));
                }
                case 3 -> {
                    ProtoReader m = r.message();
                    double total = 0;
                    while (m.next()) {
                        if (m.field() == 1) {
                            total = m.dbl();
                        } else {
                            m.skip();
                        }
                    }
                    return new InsightResult.Segmentation(total);
                }
                case 4 -> {
                    return new InsightResult.Funnel(repeated(r.message(), 1, Insights::funnelSeries));
                }
                case 5 -> {
                    List<Cohort> cohorts = new ArrayList<>();
                    for (ProtoReader s : messages(r.message(), 1)) {
                        Map<String, String> breakdown = new HashMap<>();
                        List<ProtoReader> raw = new ArrayList<>();
                        while (s.next()) {
                            if (s.field() == 1) {
                                entry(s.message(), breakdown);
                            } else if (s.field() == 2) {
                                raw.add(s.message());
                            } else {
                                s.skip();
                            }
                        }
                        raw.forEach(c -> cohorts.add(cohort(c, breakdown)));
                    }
                    return new InsightResult.Retention(cohorts);
                }
                case 7 -> {
                    return new InsightResult.TopK(repeated(r.message(), 1, Insights::row));
                }
                default -> r.skip();
            }
        }
        // An empty message is a valid answer: the all-default result of the asked type.
        return switch (type) {
            case TRENDS -> new InsightResult.Trends(List.of());
            case SEGMENTATION -> new InsightResult.Segmentation(0);
            case FUNNEL -> new InsightResult.Funnel(List.of());
            case RETENTION -> new InsightResult.Retention(List.of());
            case TOP_K -> new InsightResult.TopK(List.of());
        };
    }

    private static Series series(ProtoReader m) {
        String kind = "";
        Map<String, String> breakdown = new HashMap<>();
        List<Point> points = new ArrayList<>();
        while (m.next()) {
            switch (m.field()) {
                case 1 -> kind = m.string();
                case 2 -> entry(m.message(), breakdown);
                case 3 -> points.add(point(m.message()));
                default -> m.skip();
            }
        }
        return new Series(kind, breakdown, points);
    }

    private static FunnelSeries funnelSeries(ProtoReader m) {
        Map<String, String> breakdown = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        while (m.next()) {
            switch (m.field()) {
                case 1 -> entry(m.message(), breakdown);
                case 2 -> steps.add(step(m.message()));
                default -> m.skip();
            }
        }
        return new FunnelSeries(breakdown, steps);
    }

    private static Step step(ProtoReader m) {
        String kind = "";
        double total = 0;
        double median = 0;
        while (m.next()) {
            switch (m.field()) {
                case 1 -> kind = m.string();
                case 2 -> total = m.dbl();
                case 3 -> median = timingMedian(m.message());
                default -> m.skip();
            }
        }
        return new Step(kind, total, median);
    }

    private static double timingMedian(ProtoReader timing) {
        double median = 0;
        while (timing.next()) {
            if (timing.field() == 2) {
                median = seconds(timing.message());
            } else {
                timing.skip();
            }
        }
        return median;
    }

    private static Cohort cohort(ProtoReader m, Map<String, String> breakdown) {
        String name = "";
        double size = 0;
        List<Point> points = new ArrayList<>();
        while (m.next()) {
            switch (m.field()) {
                case 1 -> name = m.string();
                case 2 -> size = m.dbl();
                case 3 -> points.add(point(m.message()));
                default -> m.skip();
            }
        }
        return new Cohort(breakdown, name, size, points);
    }

    private static Row row(ProtoReader m) {
        String value = "";
        double score = 0;
        boolean others = false;
        while (m.next()) {
            switch (m.field()) {
                case 1 -> value = m.string();
                case 2 -> score = m.dbl();
                case 3 -> others = m.varint() != 0;
                default -> m.skip();
            }
        }
        return new Row(value, score, others);
    }

    private static Point point(ProtoReader m) {
        Instant time = Instant.EPOCH;
        double value = 0;
        while (m.next()) {
            switch (m.field()) {
                case 1 -> time = m.timestamp();
                case 2 -> value = m.dbl();
                default -> m.skip();
            }
        }
        return new Point(time, value);
    }

    /** A google.protobuf.Duration in seconds. */
    private static double seconds(ProtoReader m) {
        double s = 0;
        while (m.next()) {
            switch (m.field()) {
                case 1 -> s += m.varint();
                case 2 -> s += m.varint() / 1e9;
                default -> m.skip();
            }
        }
        return s;
    }

    private static void entry(ProtoReader m, Map<String, String> into) {
        String key = "";
        String value = "";
        while (m.next()) {
            switch (m.field()) {
                case 1 -> key = m.string();
                case 2 -> value = m.string();
                default -> m.skip();
            }
        }
        into.put(key, value);
    }

    private static List<ProtoReader> messages(ProtoReader m, int field) {
        List<ProtoReader> out = new ArrayList<>();
        while (m.next()) {
            if (m.field() == field) {
                out.add(m.message());
            } else {
                m.skip();
            }
        }
        return out;
    }

    private static <T> List<T> repeated(ProtoReader m, int field, java.util.function.Function<ProtoReader, T> f) {
        return messages(m, field).stream().map(f).toList();
    }
}
