package dev.sluice.analytics;

import dev.sluice.store.EventLocator.Located;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Row-store positions ({@code pos} = SQLite's {@code feed_seq}) of replica events, for the row store's erasure
 * and retention, which have no person or time index on SQLite: a columnar scan here replaces a table scan there.
 */
final class ReplicaPositions {

    /** Distinct ids per statement. */
    private static final int CHUNK = 500;

    private ReplicaPositions() {
    }

    /** The positions at or below {@code mark} of a project's events of these distinct ids. */
    static Located people(Connection c, String project, Collection<String> distinctIds, long mark)
            throws SQLException {
        List<Long> out = new ArrayList<>();
        List<String> ids = List.copyOf(distinctIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT pos FROM events WHERE project = ? AND pos <= ? "
                    + "AND distinct_id IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ")")) {
                int i = 1;
                ps.setString(i++, project);
                ps.setLong(i++, mark);
                for (String id : chunk) {
                    // The row store stored U+0000 as U+FFFD, and so did the feed that copied it here.
                    ps.setString(i++, id.indexOf('\0') >= 0 ? id.replace('\0', '\uFFFD') : id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
        }
        return new Located(mark, out);
    }

    /** Up to {@code limit} positions in ({@code after}, {@code mark}] of a project's events older than the cutoff. */
    static long[] olderThan(Connection c, String project, long cutoffMillis, long after, long mark, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pos FROM events WHERE project = ? AND ts < ? AND pos > ? "
                + "AND pos <= ? ORDER BY pos LIMIT ?")) {
            ps.setString(1, project);
            ps.setLong(2, cutoffMillis);
            ps.setLong(3, after);
            ps.setLong(4, mark);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.stream.LongStream.Builder b = java.util.stream.LongStream.builder();
                while (rs.next()) {
                    b.add(rs.getLong(1));
                }
                return b.build().toArray();
            }
        }
    }
}
