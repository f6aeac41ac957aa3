package dev.sluice.query.insights;

import dev.sluice.query.insights.Filters.FilterGroup;
import dev.sluice.query.insights.InsightQuery.EventQuery;
import java.util.List;

/**
 * SegmentUsers: the people who performed an event of every query in [from, to), one page after {@code after}.
 * A person is named by their external id when identified (merged anonymous ids count as that person), else
 * by their distinct id.
 */
public record SegmentQuery(long from, long to, List<EventQuery> events, List<FilterGroup> filterGroups,
                           boolean groupsAny, int pageSize, String after) {

    public SegmentQuery {
        events = List.copyOf(events);
        filterGroups = List.copyOf(filterGroups);
    }

    /** One page of people, ascending; {@code more} when another page follows. */
    public record Page(List<String> people, boolean more) {
        public Page {
            people = List.copyOf(people);
        }
    }
}
