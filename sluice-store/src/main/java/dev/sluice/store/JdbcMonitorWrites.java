package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.fail;
import static dev.sluice.store.JdbcWriteTx.setOptional;
import static dev.sluice.store.JdbcWriteTx.setText;

import dev.sluice.protocol.MonitorConfig;
import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** {@link MonitorWrites} over one JDBC connection inside a transaction. */
final class JdbcMonitorWrites implements MonitorWrites {

    static final String MONITOR_COLUMNS = "id, project_id, slug, schedule_type, schedule, checkin_margin_minutes, "
            + "max_runtime_minutes, timezone, created_at, last_checkin_at, last_status, next_expected_at";
    static final String CHECKIN_COLUMNS = "id, project_id, monitor_id, checkin_id, status, started_at, finished_at, "
            + "duration_ms, environment, release, received_at, timeout_at";

    private final Connection c;

    JdbcMonitorWrites(Connection connection) {
        this.c = connection;
    }

    @Override
    public Optional<MonitorRow> monitor(ProjectId project, String slug) {
        return monitors("SELECT " + MONITOR_COLUMNS + " FROM monitors WHERE project_id = ? AND slug = ?",
                project.value(), slug).stream().findFirst();
    }

    @Override
    public Optional<MonitorRow> monitorById(String id) {
        return monitors("SELECT " + MONITOR_COLUMNS + " FROM monitors WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public void putMonitor(MonitorRow m) {
        String sql = "INSERT INTO monitors (" + MONITOR_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (project_id, slug) DO UPDATE SET schedule_type = excluded.schedule_type, "
                + "schedule = excluded.schedule, checkin_margin_minutes = excluded.checkin_margin_minutes, "
                + "max_runtime_minutes = excluded.max_runtime_minutes, timezone = excluded.timezone, "
                + "last_checkin_at = excluded.last_checkin_at, last_status = excluded.last_status, "
                + "next_expected_at = excluded.next_expected_at";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, m.id());
            ps.setString(2, m.project().value());
            setText(ps, 3, m.slug());
            ps.setString(4, m.config().scheduleType());
            setText(ps, 5, m.config().schedule());
            ps.setLong(6, m.config().checkinMarginMinutes());
            ps.setLong(7, m.config().maxRuntimeMinutes());
            setText(ps, 8, m.config().timezone());
            ps.setLong(9, m.createdAt());
            setOptional(ps, 10, m.lastCheckinAt());
            setOptional(ps, 11, m.lastStatus());
            setOptional(ps, 12, m.nextExpectedAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("monitor upsert", e);
        }
    }

    @Override
    public Optional<CheckInRow> checkIn(ProjectId project, String clientId) {
        return checkIns("SELECT " + CHECKIN_COLUMNS + " FROM monitor_checkins WHERE project_id = ? AND checkin_id = ? "
                + "ORDER BY started_at DESC, id DESC LIMIT 1", List.of(project.value(), clientId)).stream().findFirst();
    }

    @Override
    public void insertCheckIn(CheckInRow r) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitor_checkins (" + CHECKIN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.project().value());
            ps.setString(3, r.monitorId());
            setOptional(ps, 4, r.clientId());
            ps.setString(5, r.status());
            ps.setLong(6, r.startedAt());
            setOptional(ps, 7, r.finishedAt());
            setDuration(ps, 8, r.durationMs());
            setOptional(ps, 9, r.environment());
            setOptional(ps, 10, r.release());
            ps.setLong(11, r.receivedAt());
            ps.setLong(12, r.timeoutAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("check-in insert", e);
        }
    }

    @Override
    public void updateCheckIn(CheckInRow r) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE monitor_checkins SET status = ?, finished_at = ?, "
                + "duration_ms = ?, environment = ?, release = ? WHERE id = ?")) {
            ps.setString(1, r.status());
            setOptional(ps, 2, r.finishedAt());
            setDuration(ps, 3, r.durationMs());
            setOptional(ps, 4, r.environment());
            setOptional(ps, 5, r.release());
            ps.setString(6, r.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("check-in update", e);
        }
    }

    @Override
    public List<MonitorRow> overdue(long nowMillis, int limit) {
        return monitors("SELECT " + MONITOR_COLUMNS + " FROM monitors WHERE next_expected_at IS NOT NULL "
                + "AND next_expected_at + checkin_margin_minutes * 60000 <= ? ORDER BY next_expected_at, id LIMIT ?",
                nowMillis, limit);
    }

    @Override
    public List<CheckInRow> timedOut(long nowMillis, int limit) {
        return checkIns("SELECT " + CHECKIN_COLUMNS + " FROM monitor_checkins WHERE status = 'in_progress' "
                + "AND timeout_at <= ? ORDER BY timeout_at, id LIMIT ?", List.of(nowMillis, limit));
    }

    private List<MonitorRow> monitors(String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(args));
            List<MonitorRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(monitor(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("monitor read", e);
        }
    }

    /** A monitor from a row of {@link #MONITOR_COLUMNS}. */
    static MonitorRow monitor(ResultSet rs) throws SQLException {
        return new MonitorRow(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3),
                new MonitorConfig(rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8)),
                rs.getLong(9), optionalLong(rs, 10), Optional.ofNullable(rs.getString(11)), optionalLong(rs, 12));
    }

    private List<CheckInRow> checkIns(String sql, List<Object> args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<CheckInRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(checkIn(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("check-in read", e);
        }
    }

    /** A check-in from a row of {@link #CHECKIN_COLUMNS}. */
    static CheckInRow checkIn(ResultSet rs) throws SQLException {
        double d = rs.getDouble(8);
        OptionalDouble duration = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(d);
        return new CheckInRow(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3),
                Optional.ofNullable(rs.getString(4)), rs.getString(5), rs.getLong(6), optionalLong(rs, 7), duration,
                Optional.ofNullable(rs.getString(9)), Optional.ofNullable(rs.getString(10)), rs.getLong(11),
                rs.getLong(12));
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long l) {
                ps.setLong(i++, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i++, n);
            } else {
                setText(ps, i++, (String) a);
            }
        }
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static void setDuration(PreparedStatement ps, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            ps.setDouble(index, value.getAsDouble());
        } else {
            ps.setNull(index, Types.DOUBLE);
        }
    }
}
