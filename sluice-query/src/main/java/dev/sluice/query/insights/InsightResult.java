package dev.sluice.query.insights;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The answer to an {@link InsightQuery}: one record per insight type. */
public sealed interface InsightResult {

    /** One bucket's value; {@code time} is the bucket start (epoch millis). */
    record Point(long time, double value) {
    }

    /** TRENDS: a series per event query × breakdown combination, a point per bucket (zeros included). */
    record Trends(List<Series> series) implements InsightResult {
        public Trends {
            series = List.copyOf(series);
        }
    }

    /** A trend series; {@code eventKind} is empty for session metrics. */
    record Series(String eventKind, Map<String, String> breakdown, List<Point> points) {
        public Series {
            breakdown = Map.copyOf(breakdown);
            points = List.copyOf(points);
        }
    }

    /** SEGMENTATION: one aggregate over the range, summed across event queries. */
    record Segmentation(double total) implements InsightResult {
    }

    /** FUNNEL: a series per breakdown combination. */
    record Funnel(List<FunnelSeries> series) implements InsightResult {
        public Funnel {
            series = List.copyOf(series);
        }
    }

    /** The steps of one breakdown combination. */
    record FunnelSeries(Map<String, String> breakdown, List<Step> steps) {
        public FunnelSeries {
            breakdown = Map.copyOf(breakdown);
            steps = List.copyOf(steps);
        }
    }

    /** People reaching a step, and (steps after the first, when asked) the time it took from the step before. */
    record Step(String eventKind, double total, Optional<Timing> timing) {
    }

    /** Step timing: average (floored), lower median, nearest-rank p95 (nanoseconds) and a distribution. */
    record Timing(long avgNanos, long medianNanos, long p95Nanos, List<TimingBucket> distribution) {
        public Timing {
            distribution = List.copyOf(distribution);
        }
    }

    /** A distribution bucket; the last has no upper bound. */
    record TimingBucket(String label, OptionalLong upperSeconds, long count) {
    }

    /** RETENTION: a series per breakdown combination. */
    record Retention(List<RetentionSeries> series) implements InsightResult {
        public Retention {
            series = List.copyOf(series);
        }
    }

    /** Cohorts of one breakdown combination. */
    record RetentionSeries(Map<String, String> breakdown, List<Cohort> cohorts) {
        public RetentionSeries {
            breakdown = Map.copyOf(breakdown);
            cohorts = List.copyOf(cohorts);
        }
    }

    /** A cohort starting at {@code start}; point n counts its people returning in the n-th bucket after. */
    record Cohort(long start, double size, List<Point> points) {
        public Cohort {
            points = List.copyOf(points);
        }
    }

    /** USER_FLOW: nodes ({@code "<hop>:<name>"}) and links counting sessions. */
    record Flow(List<FlowNode> nodes, List<FlowLink> links) implements InsightResult {
        public Flow {
            nodes = List.copyOf(nodes);
            links = List.copyOf(links);
        }
    }

    /** A flow node; {@code others} marks the fold of the less visited ones. */
    record FlowNode(String id, boolean others) {
    }

    /** A flow link. */
    record FlowLink(String source, String target, long value) {
    }

    /** TOP_K rows, value descending, then an optional {@code $others} row. */
    record TopK(List<TopKRow> rows) implements InsightResult {
        public TopK {
            rows = List.copyOf(rows);
        }
    }

    /** A TOP_K row; USER rows carry the person's profile when they have one. */
    record TopKRow(String value, double score, boolean others, Optional<TopKProfile> profile) {
    }

    /** A profile on a TOP_K row; properties are name → JSON text. */
    record TopKProfile(String id, String externalId, Map<String, String> properties) {
        public TopKProfile {
            properties = Map.copyOf(properties);
        }
    }
}
