package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.fail;
import static dev.sluice.store.JdbcWriteTx.setText;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** {@link SessionWrites} over one JDBC connection inside a transaction. */
final class JdbcSessionWrites implements SessionWrites {

    private final Connection c;

    JdbcSessionWrites(Connection connection) {
        this.c = connection;
    }

    @Override
    public Optional<SessionState> session(ProjectId project, String sessionId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT release, environment, started_hour, outcome, updated_at "
                + "FROM session_states WHERE project_id = ? AND session_id = ?")) {
            ps.setString(1, project.value());
            setText(ps, 2, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SessionState(new Bucket(project, rs.getString(1), rs.getString(2),
                        rs.getLong(3)), sessionId, rs.getString(4), rs.getLong(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("session read", e);
        }
    }

    @Override
    public void putSession(SessionState s) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_states (project_id, session_id, release, "
                + "environment, started_hour, outcome, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (project_id, session_id) DO UPDATE SET outcome = excluded.outcome, "
                + "updated_at = excluded.updated_at")) {
            ps.setString(1, s.bucket().project().value());
            setText(ps, 2, s.sessionId());
            setText(ps, 3, s.bucket().release());
            setText(ps, 4, s.bucket().environment());
            ps.setLong(5, s.bucket().startedHour());
            ps.setString(6, s.outcome());
            ps.setLong(7, s.updatedAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("session upsert", e);
        }
    }

    @Override
    public void add(Bucket b, Counts n) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO release_health (project_id, release, environment, "
                + "started_hour, healthy, errored, abnormal, crashed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (project_id, release, environment, started_hour) DO UPDATE SET "
                + "healthy = release_health.healthy + excluded.healthy, "
                + "errored = release_health.errored + excluded.errored, "
                + "abnormal = release_health.abnormal + excluded.abnormal, "
                + "crashed = release_health.crashed + excluded.crashed")) {
            ps.setString(1, b.project().value());
            setText(ps, 2, b.release());
            setText(ps, 3, b.environment());
            ps.setLong(4, b.startedHour());
            ps.setLong(5, n.healthy());
            ps.setLong(6, n.errored());
            ps.setLong(7, n.abnormal());
            ps.setLong(8, n.crashed());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("release health", e);
        }
    }

    @Override
    public void addDiscarded(ProjectId project, long dayMillis, String reason, String category, long quantity) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO client_discards (project_id, day, reason, category, "
                + "quantity) VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, day, reason, category) DO UPDATE SET "
                + "quantity = client_discards.quantity + excluded.quantity")) {
            ps.setString(1, project.value());
            ps.setLong(2, dayMillis);
            setText(ps, 3, reason);
            setText(ps, 4, category);
            ps.setLong(5, quantity);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("client discards", e);
        }
    }
}
