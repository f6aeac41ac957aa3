package dev.sluice.store;

import dev.sluice.store.RetentionWrites.KeysPurged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The age purge of {@code dedupe_keys}, all projects in one pass. The table's primary key is (project, key), random
 * on the insert path, and it gets no second B-tree: each one would cost ingest another random insert per event.
 * SQLite walks it by rowid instead — insertion order, and {@code created_at} grows with it — in bounded ranges, and
 * stops at the first range holding nothing older than the latest cutoff, so a run costs what it deletes plus one
 * batch. PostgreSQL finds old rows by a BRIN index on {@code created_at} (V280), whose summaries cost nothing on
 * append. Each project's cutoff is applied by a {@code CASE} on the row's project.
 */
final class DedupeKeyPurge {

    private DedupeKeyPurge() {
    }

    static KeysPurged run(Connection c, Dialect dialect, Map<String, Long> cutoffs, long otherCutoff,
                          Optional<String> after, int limit) throws SQLException {
        List<Map.Entry<String, Long>> projects = new ArrayList<>(cutoffs.entrySet());
        // The bound that ends the walk: the latest cutoff of a listed project. Keys of unlisted (deleted) projects
        // go by otherCutoff only where the walk reaches, which moves on as time passes; letting otherCutoff push
        // the bound would walk every kept key of a project with a long window on every run.
        long latest = projects.stream().mapToLong(Map.Entry::getValue).max().orElse(otherCutoff);
        String byProject = projects.isEmpty() ? "?"
                : "CASE project_id" + " WHEN ? THEN ?".repeat(projects.size()) + " ELSE ? END";
        if (dialect == Dialect.POSTGRESQL) {
            // The plain bound lets the planner use the BRIN index; the CASE then keeps each project's own window.
            String sql = "DELETE FROM dedupe_keys WHERE ctid = ANY(ARRAY(SELECT ctid FROM dedupe_keys WHERE "
                    + "created_at < ? AND created_at < " + byProject + " LIMIT ?)) RETURNING project_id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, latest);
                i = bind(ps, i, projects, otherCutoff);
                ps.setInt(i, limit);
                Map<String, Long> deleted = count(ps);
                int n = (int) deleted.values().stream().mapToLong(Long::longValue).sum();
                return new KeysPurged(n, deleted, Optional.empty());
            }
        }
        long from = after.map(Long::parseLong).orElse(0L);
        long hi;
        int seen;
        long oldest;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(rowid), COUNT(*), MIN(created_at) FROM (SELECT "
                + "rowid, created_at FROM dedupe_keys WHERE rowid > ? ORDER BY rowid LIMIT ?)")) {
            ps.setLong(1, from);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                hi = rs.getLong(1);
                seen = rs.getInt(2);
                oldest = rs.getLong(3);
            }
        }
        if (seen == 0 || oldest >= latest) {
            // Nothing here is due for any project, and later rows are newer: done. (A key whose created_at ran
            // behind its rowid, after the clock stepped back, waits for a later run; kept longer is harmless.)
            return new KeysPurged(0, Map.of(), after);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dedupe_keys WHERE rowid > ? AND rowid <= ? AND "
                + "created_at < " + byProject + " RETURNING project_id")) {
            ps.setLong(1, from);
            ps.setLong(2, hi);
            bind(ps, 3, projects, otherCutoff);
            return new KeysPurged(seen, count(ps), Optional.of(Long.toString(hi)));
        }
    }

    private static int bind(PreparedStatement ps, int first, List<Map.Entry<String, Long>> projects, long other)
            throws SQLException {
        int i = first;
        for (Map.Entry<String, Long> p : projects) {
            ps.setString(i++, p.getKey());
            ps.setLong(i++, p.getValue());
        }
        ps.setLong(i++, other);
        return i;
    }

    private static Map<String, Long> count(PreparedStatement ps) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.merge(rs.getString(1), 1L, Long::sum);
            }
        }
        return out;
    }
}
