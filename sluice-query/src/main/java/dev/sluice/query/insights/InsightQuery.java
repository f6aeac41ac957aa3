package dev.sluice.query.insights;

import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.Filters.FilterGroup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One insight question over the events of [from, to) (epoch millis). Buckets are UTC; weeks start on Monday.
 *
 * @param breakdowns property names to break down by (at most a few); results keep the largest
 *        {@code breakdownLimit} combinations (0 = {@value #DEFAULT_BREAKDOWN_LIMIT})
 * @param conversionWindowMillis FUNNEL: the longest time from step 1 to the last step (empty = the whole range)
 */
public record InsightQuery(Type type, long from, long to, Granularity granularity, List<EventQuery> events,
                           List<String> breakdowns, int breakdownLimit, List<FilterGroup> filterGroups,
                           boolean groupsAny, OptionalLong conversionWindowMillis, boolean stepTiming,
                           Optional<SessionQuery> session, Optional<FlowQuery> flow, Optional<TopKQuery> topK) {

    /** Breakdown combinations kept when the query names no limit. */
    public static final int DEFAULT_BREAKDOWN_LIMIT = 25;

    public InsightQuery {
        events = List.copyOf(events);
        breakdowns = List.copyOf(breakdowns);
        filterGroups = List.copyOf(filterGroups);
    }

    /** The breakdown combinations kept. */
    public int limit() {
        return breakdownLimit > 0 ? breakdownLimit : DEFAULT_BREAKDOWN_LIMIT;
    }

    /** The kinds of insight. */
    public enum Type { TRENDS, SEGMENTATION, FUNNEL, RETENTION, USER_FLOW, TOP_K }

    /** Time buckets, with the longest range each allows. */
    public enum Granularity {
        MINUTE(Duration.ofHours(6)), HOUR(Duration.ofHours(336)), DAY(Duration.ofHours(8_760)),
        WEEK(Duration.ofHours(35_064)), MONTH(Duration.ofHours(87_660));

        private final Duration cap;

        Granularity(Duration cap) {
            this.cap = cap;
        }

        /** The longest time range this granularity allows. */
        public Duration cap() {
            return cap;
        }
    }

    /** How an event query is aggregated. */
    public enum Aggregation { TOTAL, UNIQUE_USERS, PER_USER_AVG, SUM, AVG, MIN, MAX }

    /** A session metric. */
    public enum SessionMetric { SESSIONS, AVG_DURATION, BOUNCE_RATE, ENTRY, EXIT, AVG_EVENTS_PER_SESSION }

    /** Events matching {@code event}, aggregated; {@code property} is the number SUM/AVG/MIN/MAX read. */
    public record EventQuery(EventFilter event, Aggregation aggregation, String property) {
    }

    /** Session metrics over sessions' events that match {@code scope}. */
    public record SessionQuery(SessionMetric metric, EventFilter scope) {
    }

    /** USER_FLOW: nodes are event kinds, or values of {@code nodeProperty} when {@code byProperty}. */
    public record FlowQuery(boolean byProperty, String nodeProperty, EventFilter scope, int maxHops, int maxNodes,
                            int maxLinks) {
    }

    /** TOP_K's grouping. */
    public enum Dimension { PROPERTY, EVENT_KIND, USER }

    /** TOP_K: scoped events grouped by {@code dimension}, scored by {@code metric}. */
    public record TopKQuery(Dimension dimension, String property, EventFilter scope, Aggregation metric,
                            String metricProperty, int limit, boolean omitOthers) {
    }
}
