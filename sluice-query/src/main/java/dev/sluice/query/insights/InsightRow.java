package dev.sluice.query.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.insights.Filters.Source;
import java.util.Optional;
import java.util.function.Function;

/**
 * An event as the scan engine sees it: the person it belongs to (the canonical profile id when its distinct id
 * resolves, else the distinct id) and properties parsed only when a rule reads them.
 */
final class InsightRow implements Filters.Subject {

    final EventView view;
    final String person;
    private final Function<String, Optional<ObjectNode>> profiles;
    private ObjectNode auto;
    private ObjectNode custom;

    InsightRow(EventView view, String person, Function<String, Optional<ObjectNode>> profiles) {
        this.view = view;
        this.person = person;
        this.profiles = profiles;
    }

    long time() {
        return view.occurredAt();
    }

    String kind() {
        return view.kind();
    }

    @Override
    public Optional<JsonNode> get(Source source, String property) {
        return switch (source) {
            case AUTO -> JsonProps.lookup(auto(), property);
            case CUSTOM -> JsonProps.lookup(custom(), property);
            case PROFILE -> profiles.apply(view.distinctId()).flatMap(p -> JsonProps.lookup(p, property));
            case ANY -> JsonProps.lookup(property.startsWith("$") ? auto() : custom(), property);
        };
    }

    /** A breakdown / dimension value: the property's text, empty when unset. */
    String value(String property) {
        return get(Source.ANY, property).map(JsonProps::text).orElse("");
    }

    /** A numeric property for SUM/AVG/MIN/MAX, when it is a number. */
    Optional<Double> number(String property) {
        return get(Source.ANY, property).filter(JsonNode::isNumber).map(JsonNode::asDouble);
    }

    boolean matches(Filters.EventFilter f) {
        return Filters.matches(f, this, kind());
    }

    private ObjectNode auto() {
        if (auto == null) {
            auto = JsonProps.parse(view.autoPropertiesJson());
        }
        return auto;
    }

    private ObjectNode custom() {
        if (custom == null) {
            custom = JsonProps.parse(view.customPropertiesJson());
        }
        return custom;
    }
}
