package dev.sluice.server.pug;

import dev.sluice.pug.proto.shared.insights.v1.TopKProfile;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.TopKResult;
import dev.sluice.pug.proto.shared.insights.v1.TopKRow;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.ProfileView;
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

    static TopKResult topK(TopKQuery q, List<InsightRow> rows, ProjectId project, AnalyticsQueries queries) {
        Map<String, List<InsightRow>> groups = new LinkedHashMap<>();
        for (InsightRow r : rows) {
            if (!EventFilters.matches(q.getScope(), r, r.kind())) {
                continue;
            }
            String value = switch (q.getDimension()) {
                case DIMENSION_PROPERTY -> r.value(q.getProperty());
                case DIMENSION_EVENT_KIND -> r.kind();
                default -> r.person;
            };
            if (!value.isEmpty()) {
                groups.computeIfAbsent(value, v -> new ArrayList<>()).add(r);
            }
        }
        record Scored(String value, double score, List<InsightRow> rows) {
        }
        List<Scored> scored = new ArrayList<>();
        groups.forEach((v, g) -> scored.add(new Scored(v, InsightData.aggregate(q.getMetric(), q.getMetricProperty(), g), g)));
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(Scored::value));
        int limit = q.getLimit() == 0 ? 10 : q.getLimit();
        TopKResult.Builder out = TopKResult.newBuilder();
        for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
            TopKRow.Builder row = TopKRow.newBuilder().setDimensionValue(s.value()).setValue(s.score());
            if (q.getDimension() == TopKQuery.Dimension.DIMENSION_USER) {
                Optional<ProfileView> profile = queries.profile(project, s.value()).filter(p -> p.id().equals(s.value()));
                profile.ifPresent(p -> row.setProfile(TopKProfile.newBuilder().setId(p.id()).setExternalId(p.externalId())
                        .setProperties(Props.struct(Props.fromEntries(p.properties())))));
            }
            out.addRows(row);
        }
        if (!q.getOmitOthers() && scored.size() > limit) {
            List<InsightRow> rest = scored.subList(limit, scored.size()).stream().flatMap(s -> s.rows().stream()).toList();
            out.addRows(TopKRow.newBuilder().setDimensionValue(FlowEngine.OTHERS).setIsOthers(true)
                    .setValue(InsightData.aggregate(q.getMetric(), q.getMetricProperty(), rest)));
        }
        return out.build();
    }
}
