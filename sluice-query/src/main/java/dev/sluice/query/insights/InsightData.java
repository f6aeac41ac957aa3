package dev.sluice.query.insights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.insights.Filters.FilterGroup;
import dev.sluice.query.insights.InsightQuery.Aggregation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The events the scan engine reads: SQL narrows to the project and [from, to) in time order; the top-level
 * filter groups (which may read profile properties) are applied here. Each row knows its person: merged
 * anonymous ids count as their profile. Cookieless events have no person: they count in event totals and
 * sums, never in user metrics.
 */
final class InsightData {

    private final AnalyticsQueries queries;

    InsightData(AnalyticsQueries queries) {
        this.queries = queries;
    }

    /**
     * @param kinds the only kinds the insight reads (empty = all), so SQL can skip the rest
     * @param withProperties false when no rule reads a property (counts by kind, person, session, time)
     */
    List<InsightRow> load(ProjectId project, long from, long to, List<FilterGroup> groups, boolean any,
                          Set<String> kinds, boolean withProperties) {
        Map<String, String> aliases = queries.allAliases(project);
        Map<String, Optional<ObjectNode>> profiles = new HashMap<>();
        Function<String, Optional<ObjectNode>> profileOf = distinctId -> {
            String profileId = aliases.get(distinctId);
            return profileId == null ? Optional.empty() : profiles.computeIfAbsent(profileId, id -> queries
                    .profile(project, id).map(p -> JsonProps.fromEntries(p.properties())));
        };
        List<InsightRow> rows = new ArrayList<>();
        queries.scan(project, new EventScan(from, to, Set.of(), "", kinds, false, withProperties || !groups.isEmpty()), e -> {
            String person = e.distinctId().isEmpty() ? "" : aliases.getOrDefault(e.distinctId(), e.distinctId());
            InsightRow row = new InsightRow(e, person, profileOf);
            if (Filters.groups(groups, any, row)) {
                rows.add(row);
            }
            return true;
        });
        return rows;
    }

    /** An aggregate over rows; empty inputs give 0. */
    static double aggregate(Aggregation type, String property, List<InsightRow> rows) {
        switch (type) {
            case UNIQUE_USERS -> {
                return persons(rows).size();
            }
            case PER_USER_AVG -> {
                Set<String> persons = persons(rows);
                long counted = rows.stream().filter(r -> !r.person.isEmpty()).count();
                return persons.isEmpty() ? 0 : (double) counted / persons.size();
            }
            case SUM, AVG, MIN, MAX -> {
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                long n = 0;
                for (InsightRow r : rows) {
                    Optional<Double> v = r.number(property);
                    if (v.isPresent()) {
                        sum += v.get();
                        min = Math.min(min, v.get());
                        max = Math.max(max, v.get());
                        n++;
                    }
                }
                if (n == 0) {
                    return 0;
                }
                return switch (type) {
                    case SUM -> sum;
                    case AVG -> sum / n;
                    case MIN -> min;
                    default -> max;
                };
            }
            default -> {
                return rows.size();
            }
        }
    }

    static Set<String> persons(List<InsightRow> rows) {
        Set<String> out = new HashSet<>();
        for (InsightRow r : rows) {
            if (!r.person.isEmpty()) {
                out.add(r.person);
            }
        }
        return out;
    }
}
