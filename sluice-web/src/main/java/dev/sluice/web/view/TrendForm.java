package dev.sluice.web.view;

import java.util.List;

/** The trend builder's choices, as the query string carries them. */
public record TrendForm(List<String> events, String aggregation, String granularity, String range) {

    public TrendForm {
        events = List.copyOf(events);
    }
}
