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

    private ReplicaSchema() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (project VARCHAR NOT NULL, event_id VARCHAR NOT NULL, "
                    + "distinct_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, ts BIGINT NOT NULL, session_id VARCHAR NOT NULL, "
                    + "cookieless BOOLEAN NOT NULL, auto_props VARCHAR NOT NULL, custom_props VARCHAR NOT NULL, "
                    + "received_at BIGINT NOT NULL, pos BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS persons (project VARCHAR NOT NULL, distinct_id VARCHAR NOT NULL, "
                    + "person_id VARCHAR NOT NULL, external_id VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS profile_props_raw (project VARCHAR NOT NULL, person_id VARCHAR NOT NULL, "
                    + "name VARCHAR NOT NULL, value_json VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS profiles (project VARCHAR NOT NULL, person_id VARCHAR NOT NULL, "
                    + "props VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS applied_deletions (project VARCHAR NOT NULL, id VARCHAR NOT NULL)");
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
