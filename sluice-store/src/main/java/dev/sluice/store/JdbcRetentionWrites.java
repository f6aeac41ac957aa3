package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.fail;
import static dev.sluice.store.JdbcWriteTx.repeat;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link RetentionWrites} over one JDBC connection. Rows with UUIDv7 ids are found by id range ("received
 * before" is "id below the cutoff's id floor") on the primary key; families with a time column (analytics events, sessions, client reports) by it.
 */
final class JdbcRetentionWrites implements RetentionWrites {

    private final Connection c;
    private final Dialect dialect;

    JdbcRetentionWrites(Connection connection, Dialect dialect) {
        this.c = connection;
        this.dialect = dialect;
    }

    /** The smallest UUIDv7 of {@code millis}: every id made before that millisecond sorts below it. */
    static String idFloor(long millis) {
        return new UUID(millis << 16, 0).toString();
    }

    @Override
    public void setDays(ProjectId project, DataFamily family, int days) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retention_settings (project_id, family, days) "
                + "VALUES (?, ?, ?) ON CONFLICT (project_id, family) DO UPDATE SET days = excluded.days")) {
            ps.setString(1, project.value());
            ps.setString(2, family.id());
            ps.setInt(3, days);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("retention settings", e);
        }
    }

    @Override
    public void setMaxBytes(ProjectId project, DataFamily family, long maxBytes) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retention_settings (project_id, family, days, "
                + "max_bytes) VALUES (?, ?, ?, ?) ON CONFLICT (project_id, family) DO UPDATE SET max_bytes = "
                + "excluded.max_bytes")) {
            ps.setString(1, project.value());
            ps.setString(2, family.id());
            ps.setInt(3, DataFamily.DEFAULT_DAYS);
            ps.setLong(4, maxBytes);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("retention settings", e);
        }
    }

    @Override
    public Purged purgeBatch(ProjectId project, DataFamily family, long cutoff, Optional<String> after, int limit) {
        try {
            if (family == DataFamily.ANALYTICS_EVENTS && dialect == Dialect.SQLITE) {
                return walk(project, cutoff, after, limit);
            }
            if (family.timeColumn().isPresent()) {
                return timed(project, family, cutoff, limit);
            }
            String table = family.table();
            boolean errors = family == DataFamily.ERROR_EVENTS;
            Map<String, String> candidates = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id" + (errors ? ", issue_id" : "") + " FROM " + table
                    + " WHERE id < ? AND project_id = ?" + (after.isPresent() ? " AND id > ?" : "")
                    + " ORDER BY id LIMIT ?")) {
                int i = 1;
                ps.setString(i++, idFloor(cutoff));
                ps.setString(i++, project.value());
                if (after.isPresent()) {
                    ps.setString(i++, after.get());
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.put(rs.getString(1), errors ? rs.getString(2) : "");
                    }
                }
            }
            if (candidates.isEmpty()) {
                return new Purged(0, 0, after);
            }
            List<String> doomed = new ArrayList<>(candidates.keySet());
            if (errors) {
                doomed.removeAll(sample(new HashSet<>(candidates.values()), cutoff));
            }
            if (family == DataFamily.TRANSACTIONS) {
                delete("spans", "transaction_id", doomed);
            }
            if (family == DataFamily.ATTACHMENTS) {
                JdbcAttachmentWrites.addUsed(c, project, -bytes(doomed));
            }
            delete(table, "id", doomed);
            String last = ((java.util.SequencedCollection<String>) candidates.keySet()).getLast();
            return new Purged(candidates.size(), doomed.size(), Optional.of(last));
        } catch (SQLException e) {
            throw fail("retention purge", e);
        }
    }

    /** The occurrences kept of each issue: the newest {@link #SAMPLE_PER_ISSUE} past the cutoff. */
    private Set<String> sample(Set<String> issueIds, long cutoff) throws SQLException {
        Set<String> keep = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM error_events WHERE issue_id = ? AND id < ? "
                + "ORDER BY id DESC LIMIT " + SAMPLE_PER_ISSUE)) {
            for (String issue : issueIds) {
                ps.setString(1, issue);
                ps.setString(2, idFloor(cutoff));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keep.add(rs.getString(1));
                    }
                }
            }
        }
        return keep;
    }

    /** The bytes of the attachments {@code ids}, which their project's quota gets back once they go. */
    private long bytes(List<String> ids) throws SQLException {
        long sum = 0;
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE id IN ("
                    + repeat("?", chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sum += rs.getLong(1);
                }
            }
        }
        return sum;
    }

    private void delete(String table, String column, List<String> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " IN ("
                    + repeat("?", chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    /** A family aged by a time column: up to {@code limit} of its rows before the cutoff, by key (row values). */
    private Purged timed(ProjectId project, DataFamily family, long cutoff, int limit) throws SQLException {
        String table = family.table();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE project_id = ? AND ("
                + family.key() + ") IN (SELECT " + family.key() + " FROM " + table + " WHERE project_id = ? AND "
                + family.timeColumn().orElseThrow() + " < ? LIMIT ?)")) {
            ps.setString(1, project.value());
            ps.setString(2, project.value());
            ps.setLong(3, cutoff);
            ps.setInt(4, limit);
            int n = ps.executeUpdate();
            return new Purged(n, n, Optional.empty());
        }
    }

    /**
     * SQLite analytics events have no time index (V230): the next {@code limit} rows after position {@code after}
     * (all projects, by primary key) are looked at and the project's among them that occurred before the cutoff
     * deleted, so each batch costs the same however big the table is.
     */
    private Purged walk(ProjectId project, long cutoff, Optional<String> after, int limit) throws SQLException {
        long from = after.map(Long::parseLong).orElse(0L);
        long hi;
        int seen;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(feed_seq), COUNT(*) FROM (SELECT feed_seq FROM "
                + "analytics_events WHERE feed_seq > ? ORDER BY feed_seq LIMIT ?)")) {
            ps.setLong(1, from);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hi = rs.getLong(1);
                seen = rs.getInt(2);
            }
        }
        if (seen == 0) {
            return new Purged(0, 0, after);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM analytics_events WHERE feed_seq > ? AND "
                + "feed_seq <= ? AND +project_id = ? AND occurred_at < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, hi);
            ps.setString(3, project.value());
            ps.setLong(4, cutoff);
            int n = ps.executeUpdate();
            return new Purged(seen, n, Optional.of(Long.toString(hi)));
        }
    }

    @Override
    public KeysPurged purgeDedupeKeys(Map<String, Long> cutoffs, long otherCutoff, Optional<String> after,
                                      int limit) {
        try {
            return DedupeKeyPurge.run(c, dialect, cutoffs, otherCutoff, after, limit);
        } catch (SQLException e) {
            throw fail("dedupe key purge", e);
        }
    }

    @Override
    public int purgeAnalyticsAt(ProjectId project, long cutoff, long[] positions) {
        if (positions.length == 0) {
            return 0;
        }
        // Conditions re-checked: a position from the replica names a row, and whether it is still due is ours to say.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM analytics_events WHERE feed_seq IN ("
                + repeat("?", positions.length) + ") AND project_id = ? AND occurred_at < ?")) {
            int i = 1;
            for (long p : positions) {
                ps.setLong(i++, p);
            }
            ps.setString(i++, project.value());
            ps.setLong(i, cutoff);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("retention purge", e);
        }
    }

    @Override
    public int reclaim(int maxPages) {
        try {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite")) {
                return 0; // PostgreSQL: autovacuum makes the deleted rows' space reusable
            }
            long free;
            try (PreparedStatement ps = c.prepareStatement("PRAGMA freelist_count"); ResultSet rs = ps.executeQuery()) {
                free = rs.next() ? rs.getLong(1) : 0;
            }
            int pages = (int) Math.min(free, maxPages);
            // Each step of the pragma gives back one page, and the driver steps once per execution: a plain
            // execute() would free a single page. Closed before the commit (a statement mid-step blocks it).
            try (PreparedStatement ps = c.prepareStatement("PRAGMA incremental_vacuum")) {
                for (int i = 0; i < pages; i++) {
                    ps.execute();
                }
            }
            return pages;
        } catch (SQLException e) {
            throw fail("incremental vacuum", e);
        }
    }
}
