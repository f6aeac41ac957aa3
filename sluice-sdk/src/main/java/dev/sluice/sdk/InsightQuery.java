package dev.sluice.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An insights query (pug.md §6.3): the insight type, the event kinds it looks at, a time range and a
 * granularity, plus the options each type takes. Build with {@link #builder(Type, Instant, Instant)}.
 *
 * @param breakdowns property names to split results by (at most 5)
 * @param conversionWindow FUNNEL only: how long a user has from the first step
 * @param topKProperty TOP_K only: rank this property's values; empty ranks event kinds
 */
public record InsightQuery(Type type, List<String> eventKinds, Aggregation aggregation, Instant from, Instant to,
                           Granularity granularity, List<String> breakdowns, Optional<Duration> conversionWindow,
                           boolean includeStepTiming, Optional<String> topKProperty, int topKLimit) {

    /** Copies the lists. */
    public InsightQuery {
        eventKinds = List.copyOf(eventKinds);
        breakdowns = List.copyOf(breakdowns);
    }

    /** Insight types with their wire numbers (5 is USER_FLOW, not offered typed). */
    public enum Type {
        /** Values per time bucket, per event kind and breakdown. */
        TRENDS(1),
        /** One aggregate over the range. */
        SEGMENTATION(2),
        /** Users completing ordered steps. */
        FUNNEL(3),
        /** Cohorts returning over time. */
        RETENTION(4),
        /** The most frequent event kinds or property values. */
        TOP_K(6);

        private final int wire;

        Type(int wire) {
            this.wire = wire;
        }

        /** The {@code InsightType} enum number. */
        public int wire() {
            return wire;
        }
    }

    /** Bucket sizes, in wire order from 1. */
    public enum Granularity {
        /** One-minute buckets. */
        MINUTE,
        /** Hourly buckets. */
        HOUR,
        /** Daily buckets (the default). */
        DAY,
        /** Weekly buckets. */
        WEEK,
        /** Monthly buckets. */
        MONTH
    }

    /** Event aggregations supported without a property (TRENDS and SEGMENTATION). */
    public enum Aggregation {
        /** Event count (the default). */
        TOTAL,
        /** Distinct people (anonymous ids follow their merge into an identified person). */
        UNIQUE_USERS,
        /** Events per person. */
        PER_USER_AVG
    }

    /** A builder for a query of {@code type} over [{@code from}, {@code to}). */
    public static Builder builder(Type type, Instant from, Instant to) {
        return new Builder(type, from, to);
    }

    /** Builds {@link InsightQuery} values; defaults: DAY granularity, TOTAL, no breakdowns. */
    public static final class Builder {
        private final Type type;
        private final Instant from;
        private final Instant to;
        private final List<String> kinds = new ArrayList<>();
        private final List<String> breakdowns = new ArrayList<>();
        private Aggregation aggregation = Aggregation.TOTAL;
        private Granularity granularity = Granularity.DAY;
        private Duration window;
        private boolean stepTiming;
        private String topKProperty;
        private int topKLimit;

        private Builder(Type type, Instant from, Instant to) {
            this.type = Objects.requireNonNull(type);
            this.from = Objects.requireNonNull(from);
            this.to = Objects.requireNonNull(to);
        }

        /** Adds an event kind (a funnel step, the retention start/return event, a trend series). */
        public Builder event(String kind) { kinds.add(Objects.requireNonNull(kind)); return this; }

        /** How events are counted (default TOTAL). */
        public Builder aggregation(Aggregation a) { aggregation = Objects.requireNonNull(a); return this; }

        /** Bucket size (default DAY). */
        public Builder granularity(Granularity g) { granularity = Objects.requireNonNull(g); return this; }

        /** Splits results by the values of a property. */
        public Builder breakdown(String property) { breakdowns.add(Objects.requireNonNull(property)); return this; }

        /** FUNNEL: time allowed from the first step to the last. */
        public Builder conversionWindow(Duration d) { window = Objects.requireNonNull(d); return this; }

        /** FUNNEL: also compute the median time between steps. */
        public Builder includeStepTiming(boolean on) { stepTiming = on; return this; }

        /** TOP_K: rank values of {@code property} instead of event kinds. */
        public Builder topKProperty(String property) { topKProperty = Objects.requireNonNull(property); return this; }

        /** TOP_K: rows to return (0: the server default). */
        public Builder topKLimit(int limit) { topKLimit = limit; return this; }

        /** The query. */
        public InsightQuery build() {
            return new InsightQuery(type, kinds, aggregation, from, to, granularity, breakdowns,
                    Optional.ofNullable(window), stepTiming, Optional.ofNullable(topKProperty), topKLimit);
        }
    }
}
