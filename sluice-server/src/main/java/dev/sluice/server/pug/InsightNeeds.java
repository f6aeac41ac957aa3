package dev.sluice.server.pug;

import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery;
import java.util.HashSet;
import java.util.Set;

/** What an insight reads, so the scan can skip kinds and property columns it never looks at. */
final class InsightNeeds {

    private InsightNeeds() {
    }

    /** The kinds of the event queries when every query names one (and nothing else reads events); else all. */
    static Set<String> kinds(InsightQuerySpec spec) {
        boolean byQueries = switch (spec.getInsightType()) {
            case INSIGHT_TYPE_TRENDS, INSIGHT_TYPE_SEGMENTATION -> !spec.hasSession();
            case INSIGHT_TYPE_FUNNEL, INSIGHT_TYPE_RETENTION -> true;
            default -> false;
        };
        Set<String> kinds = new HashSet<>();
        for (EventQuery q : spec.getEventsList()) {
            if (q.getEvent().getKind().isEmpty()) {
                return Set.of();
            }
            kinds.add(q.getEvent().getKind());
        }
        return byQueries ? kinds : Set.of();
    }

    /** Whether any rule of the spec reads an event property. */
    static boolean properties(InsightQuerySpec spec) {
        if (spec.getFilterGroupsCount() > 0 || spec.getBreakdownsCount() > 0) {
            return true;
        }
        for (EventQuery q : spec.getEventsList()) {
            if (filters(q.getEvent()) || !q.getAggregationProperty().isEmpty()) {
                return true;
            }
        }
        if (spec.hasSession() && filters(spec.getSession().getScope())) {
            return true;
        }
        if (spec.hasUserFlow() && (spec.getUserFlow().getNodeKind() == UserFlowQuery.NodeKind.NODE_KIND_PROPERTY
                || filters(spec.getUserFlow().getScope()))) {
            return true;
        }
        return spec.hasTopK() && (spec.getTopK().getDimension() == TopKQuery.Dimension.DIMENSION_PROPERTY
                || !spec.getTopK().getMetricProperty().isEmpty() || filters(spec.getTopK().getScope()));
    }

    private static boolean filters(EventFilter f) {
        return f.getFiltersCount() > 0;
    }
}
