package dev.sluice.query.analytics;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The row store's side of {@link MarkedEvents} (SQLite): candidate positions re-checked by primary key, and the
 * rows above the replica's mark read by primary-key range. {@code +project_id} keeps SQLite on the primary key
 * rather than the (project_id, event_id) index, which would visit every row of the project.
 */
final class RowChecks {

    /** Positions or distinct ids per statement: binds stay far below SQLite's 32,766. */
    private static final int CHUNK = 500;
    private static final String COLUMNS = "event_id, distinct_id, kind, occurred_at, session_id, cookieless, "
            + "auto_properties, custom_properties";

    private RowChecks() {
    }

    /** Rows at these positions still of {@code project} and older than the cutoff. */
    static long countAt(Store store, ProjectId project, long cutoff, long[] positions) {
        return store.read(c -> {
            long n = 0;
            for (int from = 0; from < positions.length; from += CHUNK) {
                int to = Math.min(positions.length, from + CHUNK);
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM analytics_events WHERE feed_seq IN ("
                        + marks(to - from) + ") AND +project_id = ? AND occurred_at < ?")) {
                    int i = bind(ps, positions, from, to);
                    ps.setString(i++, project.value());
                    ps.setLong(i, cutoff);
                    n += single(ps);
                }
            }
            return n;
        });
    }

    /** Rows above {@code mark} of {@code project} older than the cutoff. */
    static long countAbove(Store store, ProjectId project, long cutoff, long mark) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM analytics_events WHERE feed_seq > ? "
                    + "AND +project_id = ? AND occurred_at < ?")) {
                ps.setLong(1, mark);
                ps.setString(2, project.value());
                ps.setLong(3, cutoff);
                return single(ps);
            }
        });
    }

    /** The earliest occurrence among rows above {@code mark} (every project). */
    static OptionalLong minAbove(Store store, long mark) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(occurred_at) FROM analytics_events WHERE feed_seq > ?")) {
                ps.setLong(1, mark);
                return optional(ps);
            }
        });
    }

    /** The earliest occurrence among the rows still at these positions. */
    static OptionalLong minAt(Store store, long[] positions) {
        return store.read(c -> {
            OptionalLong min = OptionalLong.empty();
            for (int from = 0; from < positions.length; from += CHUNK) {
                int to = Math.min(positions.length, from + CHUNK);
                try (PreparedStatement ps = c.prepareStatement("SELECT MIN(occurred_at) FROM analytics_events WHERE "
                        + "feed_seq IN (" + marks(to - from) + ")")) {
                    bind(ps, positions, from, to);
                    OptionalLong v = optional(ps);
                    if (v.isPresent() && (min.isEmpty() || v.getAsLong() < min.getAsLong())) {
                        min = v;
                    }
                }
            }
            return min;
        });
    }

    /** Occurrences of {@code project}'s rows above {@code mark}, ascending. */
    static long[] timesAbove(Store store, ProjectId project, long mark) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT occurred_at FROM analytics_events WHERE feed_seq > ? "
                    + "AND +project_id = ? ORDER BY occurred_at")) {
                ps.setLong(1, mark);
                ps.setString(2, project.value());
                java.util.stream.LongStream.Builder b = java.util.stream.LongStream.builder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        b.add(rs.getLong(1));
                    }
                }
                return b.build().toArray();
            }
        });
    }

    /** Which of these positions still hold a row of {@code project}. */
    static Set<Long> liveAt(Store store, ProjectId project, long[] positions) {
        return store.read(c -> {
            Set<Long> out = new HashSet<>();
            for (int from = 0; from < positions.length; from += CHUNK) {
                int to = Math.min(positions.length, from + CHUNK);
                try (PreparedStatement ps = c.prepareStatement("SELECT feed_seq FROM analytics_events WHERE feed_seq IN ("
                        + marks(to - from) + ") AND +project_id = ?")) {
                    int i = bind(ps, positions, from, to);
                    ps.setString(i, project.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getLong(1));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** {@code project}'s rows of these distinct ids above {@code mark}. */
    static List<EventView> personAbove(Store store, ProjectId project, Set<String> distinctIds, long mark) {
        List<String> ids = distinctIds.stream().map(RowChecks::text).sorted().toList();
        return store.read(c -> {
            List<EventView> out = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM analytics_events WHERE "
                        + "feed_seq > ? AND +project_id = ? AND distinct_id IN (" + marks(chunk.size()) + ")")) {
                    int i = 1;
                    ps.setLong(i++, mark);
                    ps.setString(i++, project.value());
                    for (String id : chunk) {
                        ps.setString(i++, id);
                    }
                    views(ps, out);
                }
            }
            return out;
        });
    }

    /**
     * The rows still at these positions, if of {@code project}. Positions are never reused (AUTOINCREMENT) and a
     * stored event's distinct id never changes, so a live position is the replica's row.
     */
    static List<EventView> personAt(Store store, ProjectId project, long[] positions) {
        return store.read(c -> {
            List<EventView> out = new ArrayList<>();
            for (int from = 0; from < positions.length; from += CHUNK) {
                int to = Math.min(positions.length, from + CHUNK);
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM analytics_events WHERE "
                        + "feed_seq IN (" + marks(to - from) + ") AND +project_id = ?")) {
                    int i = bind(ps, positions, from, to);
                    ps.setString(i, project.value());
                    views(ps, out);
                }
            }
            return out;
        });
    }

    private static void views(PreparedStatement ps, List<EventView> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new EventView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getInt(6) == 1, rs.getString(7), rs.getString(8)));
            }
        }
    }

    private static int bind(PreparedStatement ps, long[] positions, int from, int to) throws SQLException {
        int i = 1;
        for (int k = from; k < to; k++) {
            ps.setLong(i++, positions[k]);
        }
        return i;
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static OptionalLong optional(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** As stored: U+0000 became U+FFFD on insert, in the row store and so in the replica. */
    static String text(String value) {
        return value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
    }
}
