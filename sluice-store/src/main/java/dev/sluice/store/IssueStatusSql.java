package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.repeat;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The SQL of status changes made by people. */
final class IssueStatusSql {

    static final String CLEAR_IGNORE = "ignore_until = NULL, ignore_until_count = NULL, ignore_user_count = NULL, "
            + "ignore_users_seen = 0";

    private IssueStatusSql() {
    }

    static List<String> setStatus(Connection c, ProjectId project, Collection<String> issueIds,
                                  IssueStatusChange change, long now) throws SQLException {
        List<String> found = existing(c, project, issueIds);
        if (found.isEmpty()) {
            return found;
        }
        String set = switch (change.status()) {
            case "unresolved" -> "resolved_in_release = NULL, " + CLEAR_IGNORE;
            case "resolved" -> (change.inNextRelease() ? "resolved_in_release = COALESCE(?, last_release), "
                    : "resolved_in_release = NULL, ") + CLEAR_IGNORE;
            case "ignored" -> "resolved_in_release = NULL, ignore_until = ?, ignore_until_count = "
                    + (change.ignoreMoreEvents().isPresent() ? "event_count + ?" : "NULL")
                    + ", ignore_user_count = ?, ignore_users_seen = 0";
            default -> throw new IllegalArgumentException("unknown status " + change.status());
        };
        try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET status = ?, substatus = NULL, "
                + "status_changed_at = ?, " + set + " WHERE id = ?")) {
            for (String id : found) {
                int i = 1;
                ps.setString(i++, change.status());
                ps.setLong(i++, now);
                if (change.status().equals("resolved") && change.inNextRelease()) {
                    JdbcWriteTx.setOptional(ps, i++, change.release());
                }
                if (change.status().equals("ignored")) {
                    JdbcIssueWrites.setNullableLong(ps, i++, change.ignoreUntil());
                    if (change.ignoreMoreEvents().isPresent()) {
                        ps.setLong(i++, change.ignoreMoreEvents().getAsLong());
                    }
                    JdbcIssueWrites.setNullableLong(ps, i++, change.ignoreMoreUsers());
                }
                ps.setString(i, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        forgetUsers(c, found);
        return found;
    }

    /** The users counted for an ignore matter only while it lasts. */
    static void forgetUsers(Connection c, Collection<String> issueIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM issue_users WHERE issue_id = ?")) {
            for (String id : issueIds) {
                ps.setString(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The ids among {@code issueIds} that are issues of {@code project} and not merged away. */
    static List<String> existing(Connection c, ProjectId project, Collection<String> issueIds) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> all = List.copyOf(issueIds);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM issues WHERE project_id = ? AND "
                    + "merged_into IS NULL AND id IN (" + repeat("?", chunk.size()) + ")")) {
                ps.setString(1, project.value());
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }
}
