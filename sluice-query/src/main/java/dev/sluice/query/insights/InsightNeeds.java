package dev.sluice.query.insights;

import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.InsightQuery.Dimension;
import dev.sluice.query.insights.InsightQuery.EventQuery;
import java.util.HashSet;
import java.util.Set;

/** What an insight reads, so the scan can skip kinds and property columns it never looks at. */
final class InsightNeeds {

    private InsightNeeds() {
    }

    /** The kinds of the event queries when every query names one (and nothing else reads events); else all. */
    static Set<String> kinds(InsightQuery spec) {
        boolean byQueries = switch (spec.type()) {
            case TRENDS, SEGMENTATION -> spec.session().isEmpty();
            case FUNNEL, RETENTION -> true;
            default -> false;
        };
        Set<String> kinds = new HashSet<>();
        for (EventQuery q : spec.events()) {
            if (q.event().kind().isEmpty()) {
                return Set.of();
            }
            kinds.add(q.event().kind());
        }
        return byQueries ? kinds : Set.of();
    }

    /** Whether any rule of the spec reads an event property. */
    static boolean properties(InsightQuery spec) {
        if (!spec.filterGroups().isEmpty() || !spec.breakdowns().isEmpty()) {
            return true;
        }
        for (EventQuery q : spec.events()) {
            if (filters(q.event()) || !q.property().isEmpty()) {
                return true;
            }
        }
        if (spec.session().map(s -> filters(s.scope())).orElse(false)) {
            return true;
        }
        if (spec.flow().map(f -> f.byProperty() || filters(f.scope())).orElse(false)) {
            return true;
        }
        return spec.topK().map(t -> t.dimension() == Dimension.PROPERTY || !t.metricProperty().isEmpty()
                || filters(t.scope())).orElse(false);
    }

    private static boolean filters(EventFilter f) {
        return !f.filters().isEmpty();
    }
}
