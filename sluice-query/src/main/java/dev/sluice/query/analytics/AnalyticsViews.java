package dev.sluice.query.analytics;

import java.util.Map;
import java.util.OptionalLong;

/** The read records of product analytics (Pug). Properties are JSON text, as stored. */
public final class AnalyticsViews {

    private AnalyticsViews() {
    }

    /** One stored event. */
    public record EventView(String eventId, String distinctId, String kind, long occurredAt, String sessionId,
                            boolean cookieless, String autoPropertiesJson, String customPropertiesJson) {
    }

    /** A live profile with its top-level properties (name → JSON text). */
    public record ProfileView(String id, String externalId, long createdAt, long updatedAt,
                              Map<String, String> properties) {
        public ProfileView {
            properties = Map.copyOf(properties);
        }
    }

    /** An event kind of the filter schema. */
    public record KindMeta(String name, long count, long lastSeenAt) {
    }

    /** A property key of the filter schema; {@code source} is {@code auto} or {@code custom}. */
    public record KeyMeta(String source, String name, long count, long lastSeenAt, int valueType) {
    }

    /** An erasure request. */
    public record DeletionView(String id, String externalId, String profileId, int status, long eventsIdentified,
                               long requestedAt, OptionalLong completedAt, String error) {
    }

    /**
     * Which events to scan. Empty sets mean "any".
     *
     * @param newestFirst the activity feed's order; insights read oldest first
     * @param withProperties false reads {@code {}} for both property objects, which roughly halves the cost
     *        of scans that only count (most of a row's bytes are its properties)
     */
    public record EventScan(long fromMillis, long toMillis, java.util.Set<String> distinctIds, String sessionId,
                            java.util.Set<String> kinds, boolean newestFirst, boolean withProperties) {
        public EventScan {
            distinctIds = java.util.Set.copyOf(distinctIds);
            kinds = java.util.Set.copyOf(kinds);
        }

        /** A scan that reads properties. */
        public EventScan(long fromMillis, long toMillis, java.util.Set<String> distinctIds, String sessionId,
                         java.util.Set<String> kinds, boolean newestFirst) {
            this(fromMillis, toMillis, distinctIds, sessionId, kinds, newestFirst, true);
        }
    }
}
