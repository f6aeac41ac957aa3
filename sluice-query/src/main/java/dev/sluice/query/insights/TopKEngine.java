package dev.sluice.query.insights;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.insights.InsightQuery.Dimension;
import dev.sluice.query.insights.InsightQuery.TopKQuery;
import dev.sluice.query.insights.InsightResult.TopK;
import dev.sluice.query.insights.InsightResult.TopKProfile;
import dev.sluice.query.insights.InsightResult.TopKRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TOP_K: scoped events grouped by a property's value (events without it are left out), the event kind, or
 * the person (canonical profile id, else the distinct id; cookieless events have none). Rows by value
 * descending, ties by dimension value; the rest fold into a trailing {@code $others} row computed over their
 * events, unless {@code omit_others} or there is no rest.
 */
final class TopKEngine {

    private TopKEngine() {
    }

    static TopK topK(TopKQuery q, List<InsightRow> rows, ProjectId project, AnalyticsQueries queries) {
        Map<String, List<InsightRow>> groups = new LinkedHashMap<>();
        for (InsightRow r : rows) {
            if (!r.matches(q.scope())) {
                continue;
            }
            String value = switch (q.dimension()) {
                case PROPERTY -> r.value(q.property());
                case EVENT_KIND -> r.kind();
                case USER -> r.person;
            };
            if (!value.isEmpty()) {
                groups.computeIfAbsent(value, v -> new ArrayList<>()).add(r);
            }
        }
        record Scored(String value, double score, List<InsightRow> rows) {
        }
        List<Scored> scored = new ArrayList<>();
        groups.forEach((v, g) -> scored.add(new Scored(v, InsightData.aggregate(q.metric(), q.metricProperty(), g), g)));
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(Scored::value));
        int limit = q.limit() == 0 ? 10 : q.limit();
        List<TopKRow> out = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
            out.add(new TopKRow(s.value(), s.score(), false,
                    q.dimension() == Dimension.USER ? profile(queries, project, s.value()) : Optional.empty()));
        }
        if (!q.omitOthers() && scored.size() > limit) {
            List<InsightRow> rest = scored.subList(limit, scored.size()).stream().flatMap(s -> s.rows().stream()).toList();
            out.add(new TopKRow(FlowEngine.OTHERS, InsightData.aggregate(q.metric(), q.metricProperty(), rest), true,
                    Optional.empty()));
        }
        return new TopK(out);
    }

    /** The profile of a person id, when it is a live profile's own id (not an alias). */
    static Optional<TopKProfile> profile(AnalyticsQueries queries, ProjectId project, String person) {
        return queries.profile(project, person).filter(p -> p.id().equals(person))
                .map(p -> new TopKProfile(p.id(), p.externalId(), p.properties()));
    }
}
