package dev.sluice.server.pug;

import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.FilterGroup;
import dev.sluice.pug.proto.shared.insights.v1.Granularity;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.InsightType;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.SessionMetric;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The validation rules of pug.md §6.3; each violation is {@code invalid_argument}. */
final class InsightValidator {

    static final Pattern NAME = Pattern.compile("^\\$?[a-zA-Z0-9_.-]+$");
    static final Pattern NAME_OR_EMPTY = Pattern.compile("^\\$?[a-zA-Z0-9_.-]*$");
    static final Pattern TIMEZONE = Pattern.compile("^[A-Za-z0-9_+/-]*$");

    private InsightValidator() {
    }

    /** Validates and answers [from, to) in millis. */
    static long[] query(QueryRequest r) {
        if (!r.hasSpec()) {
            throw ConnectException.invalid("spec: value is required");
        }
        if (!r.hasTimeRange()) {
            throw ConnectException.invalid("time_range: value is required");
        }
        long[] range = Requests.timeRange(r.getTimeRange(), "time_range");
        Granularity g = r.getGranularity();
        if (g == Granularity.GRANULARITY_UNSPECIFIED || g == Granularity.UNRECOGNIZED) {
            throw ConnectException.invalid("granularity: must be a defined value other than UNSPECIFIED");
        }
        if (r.getTimezone().length() > 64 || !TIMEZONE.matcher(r.getTimezone()).matches()) {
            throw ConnectException.invalid("timezone: at most 64 characters matching " + TIMEZONE.pattern());
        }
        if (range[1] - range[0] > dev.sluice.query.insights.InsightQuery.Granularity.valueOf(g.name().substring("GRANULARITY_".length())).cap().toMillis()) {
            throw ConnectException.invalid("time_range: longer than " + dev.sluice.query.insights.InsightQuery.Granularity.valueOf(g.name().substring("GRANULARITY_".length())).cap().toHours() + "h, the cap for " + g);
        }
        spec(r.getSpec());
        return range;
    }

    static void spec(InsightQuerySpec s) {
        InsightType type = s.getInsightType();
        if (type == InsightType.INSIGHT_TYPE_UNSPECIFIED || type == InsightType.UNRECOGNIZED) {
            throw ConnectException.invalid("spec.insight_type: must be a defined value other than UNSPECIFIED");
        }
        if (s.getBreakdownsCount() > 5) {
            throw ConnectException.invalid("spec.breakdowns: at most 5");
        }
        Set<String> seen = new HashSet<>();
        for (Breakdown b : s.getBreakdownsList()) {
            if (!NAME.matcher(b.getProperty()).matches()) {
                throw ConnectException.invalid("spec.breakdowns.property: must match " + NAME.pattern());
            }
            if (!seen.add(b.getProperty())) {
                throw ConnectException.invalid("spec.breakdowns: properties must be unique");
            }
        }
        if (s.getBreakdownLimit() < 0 || s.getBreakdownLimit() > 100) {
            throw ConnectException.invalid("spec.breakdown_limit: must be between 0 and 100");
        }
        if (s.getBreakdownLimit() > 0 && s.getBreakdownsCount() == 0) {
            throw ConnectException.invalid("spec.breakdown_limit: needs at least one breakdown");
        }
        boolean funnel = type == InsightType.INSIGHT_TYPE_FUNNEL;
        boolean trendsLike = type == InsightType.INSIGHT_TYPE_TRENDS || type == InsightType.INSIGHT_TYPE_SEGMENTATION;
        only(s.hasConversionWindow() || s.getIncludeStepTiming(), funnel, "conversion_window and include_step_timing",
                "FUNNEL");
        only(s.hasSession(), trendsLike, "session", "TRENDS and SEGMENTATION");
        only(s.hasUserFlow(), type == InsightType.INSIGHT_TYPE_USER_FLOW, "user_flow", "USER_FLOW");
        only(s.hasTopK(), type == InsightType.INSIGHT_TYPE_TOP_K, "top_k", "TOP_K");
        if (s.hasConversionWindow() && (s.getConversionWindow().getSeconds() < 1 || s.getConversionWindow().getNanos() != 0)) {
            throw ConnectException.invalid("spec.conversion_window: whole seconds, at least 1s");
        }
        events(s.getEventsList(), trendsLike, "spec.events");
        groups(s.getFilterGroupsList(), "spec.filter_groups");
        switch (type) {
            case INSIGHT_TYPE_TRENDS, INSIGHT_TYPE_SEGMENTATION -> session(s, type == InsightType.INSIGHT_TYPE_SEGMENTATION);
            case INSIGHT_TYPE_FUNNEL -> count(s.getEventsCount(), 1, 20, "spec.events (funnel steps)");
            case INSIGHT_TYPE_RETENTION -> count(s.getEventsCount(), 1, 2, "spec.events (retention)");
            case INSIGHT_TYPE_USER_FLOW -> {
                bare(s, "USER_FLOW", s.hasUserFlow(), "user_flow");
                userFlow(s.getUserFlow());
            }
            case INSIGHT_TYPE_TOP_K -> {
                bare(s, "TOP_K", s.hasTopK(), "top_k");
                topK(s.getTopK());
            }
            default -> {
            }
        }
    }

    private static void session(InsightQuerySpec s, boolean segmentation) {
        if (segmentation && s.getBreakdownsCount() > 0) {
            throw ConnectException.invalid("spec.breakdowns: not allowed for SEGMENTATION");
        }
        if (!s.hasSession()) {
            return;
        }
        SessionMetric m = s.getSession().getMetric();
        if (m == SessionMetric.SESSION_METRIC_UNSPECIFIED || m == SessionMetric.UNRECOGNIZED) {
            throw ConnectException.invalid("spec.session.metric: must be a defined value other than UNSPECIFIED");
        }
        if (s.getEventsCount() > 0) {
            throw ConnectException.invalid("spec.events: must be empty with a session query");
        }
        PropertyFilters.validateEventFilter(s.getSession().getScope(), "spec.session.scope");
        boolean entryExit = m == SessionMetric.SESSION_METRIC_ENTRY || m == SessionMetric.SESSION_METRIC_EXIT;
        if (entryExit && segmentation) {
            throw ConnectException.invalid("spec.session.metric: ENTRY and EXIT need TRENDS");
        }
        if (entryExit && s.getBreakdownsCount() != 1) {
            throw ConnectException.invalid("spec.breakdowns: ENTRY and EXIT need exactly one breakdown");
        }
    }

    private static void userFlow(UserFlowQuery q) {
        if (q.getNodeKind() == UserFlowQuery.NodeKind.UNRECOGNIZED || q.getGroupBy() == UserFlowQuery.GroupBy.UNRECOGNIZED) {
            throw ConnectException.invalid("spec.user_flow: node_kind and group_by must be defined values");
        }
        if (q.getNodeKind() == UserFlowQuery.NodeKind.NODE_KIND_PROPERTY && !NAME.matcher(q.getNodeProperty()).matches()) {
            throw ConnectException.invalid("spec.user_flow.node_property: required for PROPERTY, must match " + NAME.pattern());
        }
        if (!NAME_OR_EMPTY.matcher(q.getNodeProperty()).matches()) {
            throw ConnectException.invalid("spec.user_flow.node_property: must match " + NAME_OR_EMPTY.pattern());
        }
        zeroOr(q.getMaxHops(), 1, 10, "spec.user_flow.max_hops");
        zeroOr(q.getMaxNodes(), 2, 50, "spec.user_flow.max_nodes");
        zeroOr(q.getMaxLinks(), 1, 500, "spec.user_flow.max_links");
        PropertyFilters.validateEventFilter(q.getScope(), "spec.user_flow.scope");
    }

    private static void topK(TopKQuery q) {
        if (q.getDimension() == TopKQuery.Dimension.DIMENSION_UNSPECIFIED || q.getDimension() == TopKQuery.Dimension.UNRECOGNIZED) {
            throw ConnectException.invalid("spec.top_k.dimension: must be a defined value other than UNSPECIFIED");
        }
        boolean property = q.getDimension() == TopKQuery.Dimension.DIMENSION_PROPERTY;
        if (property ? !NAME.matcher(q.getProperty()).matches() : !q.getProperty().isEmpty()) {
            throw ConnectException.invalid("spec.top_k.property: " + (property ? "required for PROPERTY, must match "
                    + NAME.pattern() : "must be empty unless the dimension is PROPERTY"));
        }
        aggregation(q.getMetric(), q.getMetricProperty(), true, "spec.top_k.metric");
        if (q.getDimension() == TopKQuery.Dimension.DIMENSION_USER && (q.getMetric() == AggregationType.AGGREGATION_TYPE_UNIQUE_USERS
                || q.getMetric() == AggregationType.AGGREGATION_TYPE_PER_USER_AVG)) {
            throw ConnectException.invalid("spec.top_k.metric: UNIQUE_USERS and PER_USER_AVG do not apply to USER");
        }
        if (q.getLimit() < 0 || q.getLimit() > 100) {
            throw ConnectException.invalid("spec.top_k.limit: must be between 0 and 100");
        }
        PropertyFilters.validateEventFilter(q.getScope(), "spec.top_k.scope");
    }

    static void events(List<EventQuery> events, boolean valueAggregations, String at) {
        for (int i = 0; i < events.size(); i++) {
            EventQuery q = events.get(i);
            PropertyFilters.validateEventFilter(q.getEvent(), at + "[" + i + "].event");
            aggregation(q.getAggregation(), q.getAggregationProperty(), valueAggregations, at + "[" + i + "].aggregation");
        }
    }

    private static void aggregation(AggregationType a, String property, boolean valueAggregations, String at) {
        if (a == AggregationType.UNRECOGNIZED) {
            throw ConnectException.invalid(at + ": must be a defined value");
        }
        if (!NAME_OR_EMPTY.matcher(property).matches()) {
            throw ConnectException.invalid(at + " property: must match " + NAME_OR_EMPTY.pattern());
        }
        boolean value = switch (a) {
            case AGGREGATION_TYPE_SUM, AGGREGATION_TYPE_AVG, AGGREGATION_TYPE_MIN, AGGREGATION_TYPE_MAX -> true;
            default -> false;
        };
        if (value && !valueAggregations) {
            throw ConnectException.invalid(at + ": SUM/AVG/MIN/MAX only apply to TRENDS and SEGMENTATION");
        }
        if (value && property.isEmpty()) {
            throw ConnectException.invalid(at + ": SUM/AVG/MIN/MAX need a property");
        }
    }

    static void groups(List<FilterGroup> groups, String at) {
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).getFiltersCount() == 0) {
                throw ConnectException.invalid(at + "[" + g + "].filters: at least one filter is required");
            }
            for (int f = 0; f < groups.get(g).getFiltersCount(); f++) {
                PropertyFilters.validate(groups.get(g).getFilters(f), at + "[" + g + "].filters[" + f + "]");
            }
        }
    }

    private static void bare(InsightQuerySpec s, String type, boolean has, String field) {
        if (!has) {
            throw ConnectException.invalid("spec." + field + ": required for " + type);
        }
        if (s.getEventsCount() > 0 || s.hasSession() || s.getBreakdownsCount() > 0 || s.getBreakdownLimit() != 0) {
            throw ConnectException.invalid("spec: " + type + " takes no events, session, breakdowns or breakdown_limit");
        }
    }

    private static void only(boolean present, boolean allowed, String field, String types) {
        if (present && !allowed) {
            throw ConnectException.invalid("spec." + field + ": only for " + types);
        }
    }

    private static void count(int n, int min, int max, String at) {
        if (n < min || n > max) {
            throw ConnectException.invalid(at + ": between " + min + " and " + max + " required");
        }
    }

    private static void zeroOr(int v, int min, int max, String at) {
        if (v != 0 && (v < min || v > max)) {
            throw ConnectException.invalid(at + ": 0 or between " + min + " and " + max);
        }
    }
}
