package dev.sluice.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The result of an {@link InsightQuery}, one variant per insight type (pug.md §6.3 result messages). */
public sealed interface InsightResult {

    /** A bucket start and its value. */
    record Point(Instant time, double value) {
    }

    /** TRENDS: one series per event kind and breakdown combination. */
    record Trends(List<Series> series) implements InsightResult {
        /** Copies the lists and maps. */
        public Trends {
            series = List.copyOf(series);
        }
    }

    /** One trend series. */
    record Series(String eventKind, Map<String, String> breakdown, List<Point> points) {
        /** Copies the lists and maps. */
        public Series {
            breakdown = Map.copyOf(breakdown);
            points = List.copyOf(points);
        }
    }

    /** SEGMENTATION: a single aggregate. */
    record Segmentation(double total) implements InsightResult {
    }

    /** FUNNEL: users reaching each step, per breakdown. */
    record Funnel(List<FunnelSeries> series) implements InsightResult {
        /** Copies the lists and maps. */
        public Funnel {
            series = List.copyOf(series);
        }
    }

    /** One funnel; {@code medianSeconds} is 0 for the first step or without step timing. */
    record FunnelSeries(Map<String, String> breakdown, List<Step> steps) {
        /** Copies the lists and maps. */
        public FunnelSeries {
            breakdown = Map.copyOf(breakdown);
            steps = List.copyOf(steps);
        }
    }

    /** A funnel step. */
    record Step(String eventKind, double total, double medianSeconds) {
    }

    /** RETENTION: cohorts with their size and return points. */
    record Retention(List<Cohort> cohorts) implements InsightResult {
        /** Copies the lists and maps. */
        public Retention {
            cohorts = List.copyOf(cohorts);
        }
    }

    /** A retention cohort (its bucket as RFC 3339 text, as on the wire). */
    record Cohort(Map<String, String> breakdown, String cohort, double size, List<Point> points) {
        /** Copies the lists and maps. */
        public Cohort {
            breakdown = Map.copyOf(breakdown);
            points = List.copyOf(points);
        }
    }

    /** TOP_K: rows by value, descending; the {@code $others} row is marked. */
    record TopK(List<Row> rows) implements InsightResult {
        /** Copies the lists and maps. */
        public TopK {
            rows = List.copyOf(rows);
        }
    }

    /** A top-k row. */
    record Row(String value, double score, boolean others) {
    }
}
