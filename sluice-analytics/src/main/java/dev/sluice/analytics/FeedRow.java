package dev.sluice.analytics;

/** One event read from the row store for the replica. */
record FeedRow(long position, String project, String eventId, String distinctId, String kind, long occurredAt,
               String sessionId, boolean cookieless, String autoJson, String customJson, long receivedAt) {
}
