package dev.sluice.analytics;

/**
 * How far the replica has read the row store's events: every event up to and including (position, project,
 * event id) in that order is in the replica. The position is the row store's feed position (SQLite: the
 * event's {@code feed_seq}; PostgreSQL: the id of the transaction that inserted it).
 */
record FeedCursor(long position, String project, String eventId) {

    static final FeedCursor START = new FeedCursor(0, "", "");
}
