package dev.sluice.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * What removes data from the replica: erasure, retention purges, checkpoints that free deleted blocks, and the
 * emptying before a rebuild. Each is one statement (or a few) on the replica's connection; the caller holds the
 * replica's locks.
 */
final class ReplicaUpkeep {

    private ReplicaUpkeep() {
    }

    /** Removes a project's events of these distinct ids. */
    static void erase(Connection c, String project, Collection<String> distinctIds) throws SQLException {
        for (String id : distinctIds) {
            PersonMirror.erase(c, project, id, "");
        }
    }

    /** Deletes a project's events that occurred before {@code cutoffMillis}; answers rows deleted. */
    static long purge(Connection c, String project, long cutoffMillis) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM events WHERE project = ? AND ts < ?")) {
            ps.setString(1, project);
            ps.setLong(2, cutoffMillis);
            return ps.executeUpdate();
        }
    }

    /** Writes deletes into the file so later appends reuse the freed blocks. */
    static void checkpoint(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** Empties every table the feed fills (promotions are kept). */
    static void empty(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("DELETE FROM events");
            s.execute("DELETE FROM incoming");
            s.execute("DELETE FROM applied_deletions");
            s.execute("DELETE FROM feed_state");
            s.execute("CHECKPOINT");
        }
    }
}
