package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Task catalog reads shared by the write path and the read services. */
public final class TaskReads {

    private TaskReads() {
    }

    /** The statuses of {@code project}, in workflow order. */
    public static List<TaskStatus> statuses(Connection c, ProjectId project) {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, terminal, position FROM task_statuses "
                + "WHERE project_id = ? ORDER BY position")) {
            ps.setString(1, project.value());
            List<TaskStatus> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TaskStatus(rs.getLong(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("task statuses: " + e.getMessage(), e);
        }
    }

    /** The member e-mail addresses of {@code project}, sorted. */
    public static List<String> members(Connection c, ProjectId project) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT email FROM project_members WHERE project_id = ? ORDER BY email")) {
            ps.setString(1, project.value());
            try (ResultSet rs = ps.executeQuery()) {
                return JdbcTaskWrites.strings(rs);
            }
        } catch (SQLException e) {
            throw new StoreException("project members: " + e.getMessage(), e);
        }
    }
}
