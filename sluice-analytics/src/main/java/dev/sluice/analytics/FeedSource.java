package dev.sluice.analytics;

import dev.sluice.store.Dialect;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the row store's events in feed order. SQLite has one writer, so {@code feed_seq} becomes visible in
 * order and everything committed is final. PostgreSQL has many: only rows inserted by transactions older than
 * the oldest still running ({@code pg_snapshot_xmin}) are final, so a page never goes past that horizon and a
 * transaction committing late can never land behind the cursor (DESIGN.md's follow-by-id pitfall).
 */
final class FeedSource {

    private static final String COLUMNS = "project_id, event_id, distinct_id, kind, occurred_at, session_id, cookieless, "
            + "auto_properties, custom_properties, received_at";

    private final Store store;

    FeedSource(Store store) {
        this.store = store;
    }

    /** Whether positions become visible in order (SQLite's single writer); PostgreSQL's do not. */
    boolean ordered() {
        return store.dialect() == Dialect.SQLITE;
    }

    /** Positions below this are final. */
    long horizon() {
        if (store.dialect() == Dialect.SQLITE) {
            return Long.MAX_VALUE;
        }
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Up to {@code limit} events after {@code after} and below {@code horizon}, in feed order. */
    List<FeedRow> page(FeedCursor after, long horizon, int limit) {
        boolean pg = store.dialect() == Dialect.POSTGRESQL;
        String sql = pg
                ? "SELECT feed_tx::text::bigint, " + COLUMNS + " FROM analytics_events WHERE (feed_tx, project_id "
                + "COLLATE \"C\", event_id COLLATE \"C\") > (CAST(? AS xid8), ?, ?) AND feed_tx < CAST(? AS xid8) "
                + "ORDER BY feed_tx, project_id COLLATE \"C\", event_id COLLATE \"C\" LIMIT ?"
                : "SELECT feed_seq, " + COLUMNS + " FROM analytics_events WHERE feed_seq > ? ORDER BY feed_seq LIMIT ?";
        return store.read(c -> {
            List<FeedRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (pg) {
                    ps.setString(1, Long.toString(after.position()));
                    ps.setString(2, after.project());
                    ps.setString(3, after.eventId());
                    ps.setString(4, Long.toString(horizon));
                    ps.setInt(5, limit);
                } else {
                    ps.setLong(1, after.position());
                    ps.setInt(2, limit);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FeedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getInt(8) == 1, rs.getString(9),
                                rs.getString(10), rs.getLong(11)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * PostgreSQL, in one read: the identity fingerprint ({@link PersonMirror#fingerprint}) followed by
     * {@link #events}. Compared with the same read taken during the last sync, equal means nothing a query
     * could miss arrived since.
     */
    String state(long from) {
        return store.read(c -> PersonMirror.fingerprint(c) + events(c, from));
    }

    /**
     * The count and newest transaction of the events at or above position {@code from} (through the feed index).
     * When {@code from} is a horizon read before, every event committed later lands at or above it (its
     * transaction is younger than the oldest that was running), so it changes this answer; so does a removal.
     */
    String events(long from) {
        return store.read(c -> events(c, from));
    }

    private static String events(java.sql.Connection c, long from) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(MAX(feed_tx)::text, '') FROM "
                + "analytics_events WHERE feed_tx >= CAST(? AS xid8)")) {
            ps.setString(1, Long.toString(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) + "/" + rs.getString(2);
            }
        }
    }

    /** Events stored after {@code after}, and the receive time of the oldest of them. */
    Backlog backlog(FeedCursor after) {
        boolean pg = store.dialect() == Dialect.POSTGRESQL;
        String sql = pg ? "SELECT COUNT(*), MIN(received_at) FROM analytics_events WHERE feed_tx > CAST(? AS xid8) "
                + "OR (feed_tx = CAST(? AS xid8) AND (project_id COLLATE \"C\", event_id COLLATE \"C\") > (?, ?))"
                : "SELECT COUNT(*), MIN(received_at) FROM analytics_events WHERE feed_seq > ?";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (pg) {
                    ps.setString(1, Long.toString(after.position()));
                    ps.setString(2, Long.toString(after.position()));
                    ps.setString(3, after.project());
                    ps.setString(4, after.eventId());
                } else {
                    ps.setLong(1, after.position());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    long oldest = rs.getLong(2);
                    return new Backlog(n, n == 0 || rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(oldest));
                }
            }
        });
    }

    /** Events not yet in the replica. */
    record Backlog(long events, OptionalLong oldestReceivedAt) {
    }
}
