package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pug.proto.shared.activity.v1.ActivityEvent;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.insights.Filters;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stored event with its properties parsed, as a filter subject. An unspecified source reads
 * {@code $}-keys from the auto properties and others from the custom ones; PROFILE reads the person's
 * profile (when the caller can resolve it).
 */
record ParsedEvent(EventView view, ObjectNode auto, ObjectNode custom) implements Filters.Subject {

    static ParsedEvent of(EventView view) {
        return new ParsedEvent(view, Props.parse(view.autoPropertiesJson()), Props.parse(view.customPropertiesJson()));
    }

    @Override
    public Optional<JsonNode> get(Filters.Source source, String property) {
        return switch (source) {
            case AUTO -> Props.lookup(auto, property);
            case CUSTOM -> Props.lookup(custom, property);
            case PROFILE -> Optional.empty();
            case ANY -> Props.lookup(property.startsWith("$") ? auto : custom, property);
        };
    }

    /** This event as a subject that also sees profile properties through {@code profiles}. */
    Filters.Subject withProfiles(Function<String, Optional<ObjectNode>> profiles) {
        return (source, property) -> source == Filters.Source.PROFILE
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
