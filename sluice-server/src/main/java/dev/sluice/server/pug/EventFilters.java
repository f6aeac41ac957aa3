package dev.sluice.server.pug;

import dev.sluice.pug.proto.common.v1.EventFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lists of {@code common.v1.EventFilter}: an event matches when any filter does (none = all events). */
final class EventFilters {

    private EventFilters() {
    }

    static void validate(List<EventFilter> filters, int max, String at) {
        if (filters.size() > max) {
            throw ConnectException.invalid(at + ": at most " + max);
        }
        for (int i = 0; i < filters.size(); i++) {
            EventFilter f = filters.get(i);
            PropertyFilters.validateEventFilter(f, at + "[" + i + "]");
            if (filters.size() > 1 && f.getKind().isEmpty() && f.getFiltersCount() == 0) {
                throw ConnectException.invalid(at + "[" + i + "]: needs a kind or a filter when several are given");
            }
        }
    }

    static boolean matches(List<EventFilter> filters, ParsedEvent e) {
        return filters.isEmpty() || filters.stream().anyMatch(f -> matches(f, e));
    }

    static boolean matches(EventFilter f, dev.sluice.query.insights.Filters.Subject subject, String kind) {
        return (f.getKind().isEmpty() || f.getKind().equals(kind)) && PropertyFilters.all(f.getFiltersList(), subject);
    }

    static boolean matches(EventFilter f, ParsedEvent e) {
        return matches(f, e, e.view().kind());
    }

    /** The kinds SQL may narrow to: empty (any) as soon as one filter takes every kind. */
    static Set<String> kinds(List<EventFilter> filters) {
        Set<String> kinds = new HashSet<>();
        for (EventFilter f : filters) {
            if (f.getKind().isEmpty()) {
                return Set.of();
            }
            kinds.add(f.getKind());
        }
        return kinds;
    }
}
