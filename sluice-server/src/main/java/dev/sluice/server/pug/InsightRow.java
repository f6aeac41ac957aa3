package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import java.util.Optional;
import java.util.function.Function;

/**
 * An event as insights see it: the person it belongs to (the canonical profile id when its distinct id
 * resolves, else the distinct id) and properties parsed only when a rule reads them, so plain counts over a
 * million events stay cheap.
 */
final class InsightRow implements PropertyFilters.Subject {

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
    public Optional<JsonNode> get(PropertySource source, String property) {
        return switch (source) {
            case PROPERTY_SOURCE_AUTO -> Props.lookup(auto(), property);
            case PROPERTY_SOURCE_CUSTOM -> Props.lookup(custom(), property);
            case PROPERTY_SOURCE_PROFILE -> profiles.apply(view.distinctId()).flatMap(p -> Props.lookup(p, property));
            default -> Props.lookup(property.startsWith("$") ? auto() : custom(), property);
        };
    }

    /** A breakdown / dimension value: the property's text, empty when unset. */
    String value(String property) {
        return get(PropertySource.PROPERTY_SOURCE_UNSPECIFIED, property).map(Props::text).orElse("");
    }

    /** A numeric property for SUM/AVG/MIN/MAX, when it is a number. */
    Optional<Double> number(String property) {
        return get(PropertySource.PROPERTY_SOURCE_UNSPECIFIED, property).filter(JsonNode::isNumber)
                .map(JsonNode::asDouble);
    }

    private ObjectNode auto() {
        if (auto == null) {
            auto = Props.parse(view.autoPropertiesJson());
        }
        return auto;
    }

    private ObjectNode custom() {
        if (custom == null) {
            custom = Props.parse(view.customPropertiesJson());
        }
        return custom;
    }
}
