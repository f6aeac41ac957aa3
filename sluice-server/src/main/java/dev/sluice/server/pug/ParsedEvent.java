package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.pug.proto.shared.activity.v1.ActivityEvent;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stored event with its properties parsed, as a filter subject. An unspecified source reads
 * {@code $}-keys from the auto properties and others from the custom ones; PROFILE reads the person's
 * profile (when the caller can resolve it).
 */
record ParsedEvent(EventView view, ObjectNode auto, ObjectNode custom) implements PropertyFilters.Subject {

    static ParsedEvent of(EventView view) {
        return new ParsedEvent(view, Props.parse(view.autoPropertiesJson()), Props.parse(view.customPropertiesJson()));
    }

    @Override
    public Optional<JsonNode> get(PropertySource source, String property) {
        return switch (source) {
            case PROPERTY_SOURCE_AUTO -> Props.lookup(auto, property);
            case PROPERTY_SOURCE_CUSTOM -> Props.lookup(custom, property);
            case PROPERTY_SOURCE_PROFILE -> Optional.empty();
            default -> Props.lookup(property.startsWith("$") ? auto : custom, property);
        };
    }

    /** This event as a subject that also sees profile properties through {@code profiles}. */
    PropertyFilters.Subject withProfiles(Function<String, Optional<ObjectNode>> profiles) {
        return (source, property) -> source == PropertySource.PROPERTY_SOURCE_PROFILE
                ? profiles.apply(view.distinctId()).flatMap(p -> Props.lookup(p, property))
                : get(source, property);
    }

    ActivityEvent toProto() {
        return ActivityEvent.newBuilder().setEventId(view.eventId()).setKind(view.kind())
                .setDistinctId(view.distinctId()).setOccurTime(Props.ts(view.occurredAt()))
                .setSessionId(view.sessionId()).setAutoProperties(Props.struct(auto))
                .setCustomProperties(Props.struct(custom)).build();
    }
}
