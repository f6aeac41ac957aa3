package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.fail;
import static dev.sluice.store.JdbcWriteTx.setOptional;
import static dev.sluice.store.JdbcWriteTx.setText;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link AttachmentWrites} over one JDBC connection inside a transaction. */
final class JdbcAttachmentWrites implements AttachmentWrites {

    private final Connection c;

    JdbcAttachmentWrites(Connection connection) {
        this.c = connection;
    }

    @Override
    public Quota quota(ProjectId project) {
        try (PreparedStatement ps = c.prepareStatement("SELECT max_bytes, used_bytes FROM attachment_quotas "
                + "WHERE project_id = ?")) {
            ps.setString(1, project.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Quota(DEFAULT_MAX_BYTES, 0);
                }
                long max = rs.getLong(1);
                return new Quota(rs.wasNull() ? DEFAULT_MAX_BYTES : max, rs.getLong(2));
            }
        } catch (SQLException e) {
            throw fail("attachment quota", e);
        }
    }

    @Override
    public void setMaxBytes(ProjectId project, long maxBytes) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachment_quotas (project_id, max_bytes, "
                + "used_bytes) VALUES (?, ?, 0) ON CONFLICT (project_id) DO UPDATE SET max_bytes = excluded.max_bytes")) {
            ps.setString(1, project.value());
            ps.setLong(2, maxBytes);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("attachment quota", e);
        }
    }

    @Override
    public void insert(List<AttachmentRow> rows) {
        Map<ProjectId, Long> added = new LinkedHashMap<>();
        for (AttachmentRow r : rows) {
            // One row per statement: attachments are up to 20 MB, a multi-row insert would only add memory.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachments (id, project_id, "
                    + "event_id, filename, content_type, attachment_type, size, data, received_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, r.project().value());
                setOptional(ps, 3, r.item().eventId());
                setText(ps, 4, r.item().filename());
                setText(ps, 5, r.item().contentType());
                setText(ps, 6, r.item().attachmentType());
                ps.setLong(7, r.item().data().length);
                ps.setBytes(8, r.item().data());
                ps.setLong(9, r.receivedAt());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw fail("attachment insert", e);
            }
            added.merge(r.project(), (long) r.item().data().length, Long::sum);
        }
        added.forEach((project, bytes) -> addUsed(c, project, bytes));
    }

    /** Moves {@code project}'s used attachment bytes by {@code delta} (negative after a purge). */
    static void addUsed(Connection c, ProjectId project, long delta) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachment_quotas (project_id, max_bytes, "
                + "used_bytes) VALUES (?, NULL, ?) ON CONFLICT (project_id) DO UPDATE SET used_bytes = "
                + "attachment_quotas.used_bytes + excluded.used_bytes")) {
            ps.setString(1, project.value());
            ps.setLong(2, delta);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("attachment usage", e);
        }
    }
}
