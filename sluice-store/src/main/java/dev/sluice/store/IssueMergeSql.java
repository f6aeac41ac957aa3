package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Merging issues. The source rows stay (their fingerprints keep arriving) but point at the target; the digest
 * then sends their later events to the target ({@link IssueWrites#redirect}), so a merge sticks.
 */
final class IssueMergeSql {

    private IssueMergeSql() {
    }

    static Optional<String> merge(Connection c, ProjectId project, String target, List<String> sources, long now)
            throws SQLException {
        Set<String> distinct = new LinkedHashSet<>(sources);
        if (distinct.isEmpty()) {
            return Optional.of("no issues to merge");
        }
        if (distinct.contains(target)) {
            return Optional.of("an issue cannot be merged into itself");
        }
        Set<String> all = new LinkedHashSet<>(distinct);
        all.add(target);
        if (IssueStatusSql.existing(c, project, all).size() != all.size()) {
            return Optional.of("unknown or already merged issue");
        }
        for (String source : distinct) {
            moveCounts(c, source, target);
            update(c, "UPDATE error_events SET issue_id = ? WHERE issue_id = ?", target, source);
            update(c, "INSERT INTO issue_facets (issue_id, kind, value) SELECT ?, kind, value FROM issue_facets "
                    + "WHERE issue_id = ? ON CONFLICT DO NOTHING", target, source);
            // Issues merged into the source before now follow it, so every alias is one hop from its target.
            update(c, "UPDATE issues SET merged_into = ? WHERE merged_into = ?", target, source);
            try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET merged_into = ?, event_count = 0, "
                    + "status_changed_at = ? WHERE id = ?")) {
                ps.setString(1, target);
                ps.setLong(2, now);
                ps.setString(3, source);
                ps.executeUpdate();
            }
        }
        return Optional.empty();
    }

    private static void moveCounts(Connection c, String source, String target) throws SQLException {
        long count;
        long first;
        long last;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT event_count, first_seen, last_seen FROM issues WHERE id = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                first = rs.getLong(2);
                last = rs.getLong(3);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET event_count = event_count + ?, "
                + "first_seen = CASE WHEN ? < first_seen THEN ? ELSE first_seen END, "
                + "last_seen = CASE WHEN ? > last_seen THEN ? ELSE last_seen END WHERE id = ?")) {
            ps.setLong(1, count);
            ps.setLong(2, first);
            ps.setLong(3, first);
            ps.setLong(4, last);
            ps.setLong(5, last);
            ps.setString(6, target);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.executeUpdate();
        }
    }
}
