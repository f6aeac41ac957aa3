package dev.sluice.store;

import java.util.OptionalLong;

/** The rows product analytics (Pug) writes. */
public final class AnalyticsRecords {

    private AnalyticsRecords() {
    }

    /** One event; properties are JSON objects as text. */
    public record EventRow(String eventId, String distinctId, String kind, long occurredAt, String sessionId,
                           boolean cookieless, String autoPropertiesJson, String customPropertiesJson,
                           long receivedAt) {
    }

    /** New events of one kind within a transaction. */
    public record KindCount(String kind, long count, long lastSeenAt) {
    }

    /**
     * New sightings of one property key.
     *
     * @param source {@code auto} or {@code custom}
     * @param valueType Pug's {@code PropertyValueType} number; only the first one ever seen is kept
     */
    public record KeyCount(String kind, String source, String name, int valueType, long count, long lastSeenAt) {
    }

    /**
     * An erasure request.
     *
     * @param status Pug's {@code ComplianceRequestStatus} number
     */
    public record DeletionRow(String id, String externalId, String profileId, int status, long eventsIdentified,
                              long requestedAt, OptionalLong completedAt, String error) {

        /** Pug's {@code COMPLIANCE_REQUEST_STATUS_COMPLETED}: an erasure is complete when it commits. */
        public static final int COMPLETED = 3;
    }
}
