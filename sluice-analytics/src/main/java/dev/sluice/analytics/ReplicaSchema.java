package dev.sluice.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The replica's tables. {@code events} has typed columns for what every insight reads (project, time, kind,
 * distinct id, session) and the properties as JSON text; {@code pos} is the row store's feed position, so the
 * replica's own rows say how far it has read. {@code persons} maps distinct ids to persons (PostHog's
 * {@code person_distinct_id}): insights join it at query time, so an identify merge never rewrites events.
 */
final class ReplicaSchema {

    /** The columns every event row has, in appender order; promoted columns follow. */
    static final String BASE_COLUMNS = "project, event_id, distinct_id, kind, ts, session_id, cookieless, auto_props, "
            + "custom_props, received_at, pos";

    private ReplicaSchema() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (project VARCHAR NOT NULL, event_id VARCHAR NOT NULL, "
                    + "distinct_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, ts BIGINT NOT NULL, session_id VARCHAR NOT NULL, "
                    + "cookieless BOOLEAN NOT NULL, auto_props VARCHAR NOT NULL, custom_props VARCHAR NOT NULL, "
                    + "received_at BIGINT NOT NULL, pos BIGINT NOT NULL)");
            // Appends land here first and move into events with the promoted columns filled, in one transaction.
            s.execute("CREATE TABLE IF NOT EXISTS incoming AS SELECT " + BASE_COLUMNS + " FROM events LIMIT 0");
            s.execute("DELETE FROM incoming");
            s.execute("CREATE TABLE IF NOT EXISTS persons (project VARCHAR NOT NULL, distinct_id VARCHAR NOT NULL, "
                    + "person_id VARCHAR NOT NULL, external_id VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS profile_props_raw (project VARCHAR NOT NULL, person_id VARCHAR NOT NULL, "
                    + "name VARCHAR NOT NULL, value_json VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS profiles (project VARCHAR NOT NULL, person_id VARCHAR NOT NULL, "
                    + "props VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS applied_deletions (project VARCHAR NOT NULL, id VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS feed_state (name VARCHAR PRIMARY KEY, value BIGINT NOT NULL)");
        }
        Promotions.create(c);
    }

    /**
     * PostgreSQL: every event whose inserting transaction id is below this is in the replica (0 = none yet).
     * Advanced only after those events were appended, so a crash can only make it older (events above it are
     * deduplicated by id when re-read).
     */
    static long safe(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT value FROM feed_state WHERE name = 'safe'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static void safe(Connection c, long value) throws SQLException {
        try (var ps = c.prepareStatement("INSERT OR REPLACE INTO feed_state VALUES ('safe', ?)")) {
            ps.setLong(1, value);
            ps.executeUpdate();
        }
    }

    /** The (project, event id) keys of replica events at or above a feed position. */
    static java.util.Set<String> keysFrom(Connection c, long position) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (var ps = c.prepareStatement("SELECT project, event_id FROM events WHERE pos >= ?")) {
            ps.setLong(1, position);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + '\u0000' + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Replica events at or above a feed position. */
    static long countFrom(Connection c, long position) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM events WHERE pos >= ?")) {
            ps.setLong(1, position);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The last event read, from the events themselves (appends are in feed order and atomic per flush). */
    static FeedCursor cursor(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT pos, project, event_id FROM events ORDER BY pos DESC, project DESC, "
                     + "event_id DESC LIMIT 1")) {
            return rs.next() ? new FeedCursor(rs.getLong(1), rs.getString(2), rs.getString(3)) : FeedCursor.START;
        }
    }
}
