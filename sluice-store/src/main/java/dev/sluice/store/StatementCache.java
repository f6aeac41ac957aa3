package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements kept open across write transactions on one long-lived connection (SQLite's single
 * writer). sqlite-jdbc has no statement cache of its own, and compiling the multi-row upsert and the insert
 * anew for every group commit was ~15% of the writer thread's CPU. Not thread-safe: the owner uses it only
 * while holding its write lock. Least recently used statements are closed beyond {@code capacity}.
 */
final class StatementCache {

    /** No caching: every statement is prepared and closed per use (pooled connections, PostgreSQL). */
    static final StatementCache NONE = new StatementCache(0);

    private final int capacity;
    private final LinkedHashMap<String, PreparedStatement> open;

    StatementCache(int capacity) {
        this.capacity = capacity;
        this.open = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** A statement handle; closing it closes the statement only when it is not cached. */
    record Prepared(PreparedStatement statement, boolean cached) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            if (!cached) {
                statement.close();
            }
        }
    }

    Prepared prepare(Connection connection, String sql) throws SQLException {
        if (capacity == 0) {
            return new Prepared(connection.prepareStatement(sql), false);
        }
        PreparedStatement ps = open.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            open.put(sql, ps);
            evictBeyondCapacity();
        } else {
            ps.clearParameters();
        }
        return new Prepared(ps, true);
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<String, PreparedStatement>> eldest = open.entrySet().iterator();
        while (open.size() > capacity && eldest.hasNext()) {
            closeQuietly(eldest.next().getValue());
            eldest.remove();
        }
    }

    /** Closes every cached statement: after a failed transaction, so no statement keeps half-done state. */
    void clear() {
        open.values().forEach(StatementCache::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // a statement we are discarding anyway
        }
    }
}
