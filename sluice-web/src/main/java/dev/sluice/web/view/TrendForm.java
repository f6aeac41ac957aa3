package dev.sluice.web.view;

import java.util.List;

/**
 * The insight builder's choices, as the query string carries them.
 *
 * @param kind {@code trend}, {@code funnel} or {@code retention}
 */
public record TrendForm(String kind, List<String> events, String aggregation, String granularity, String range,
                        String breakdown, String filterProperty, String filterValue) {

    public TrendForm {
        events = List.copyOf(events);
    }
}
