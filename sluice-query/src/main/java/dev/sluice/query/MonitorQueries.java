package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Cron monitors of a project and their runs (check-ins), newest first. */
public final class MonitorQueries {

    private final Store store;

    private MonitorQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static MonitorQueries create(Store store) {
        return new MonitorQueries(store);
    }

    /**
     * A monitor.
     *
     * @param schedule the crontab expression or {@code "<n> <unit>"} interval
     * @param lastStatus the status of its latest run: in_progress, ok, error, missed or timeout
     */
    public record MonitorView(String id, String slug, String scheduleType, String schedule, long checkinMarginMinutes,
                              long maxRuntimeMinutes, String timezone, long createdAt, OptionalLong lastCheckinAt,
                              Optional<String> lastStatus, OptionalLong nextExpectedAt) {
    }

    /** One run of a monitor. */
    public record CheckInView(String id, Optional<String> checkInId, String status, long startedAt,
                              OptionalLong finishedAt, OptionalDouble durationMs, Optional<String> environment,
                              Optional<String> release, long receivedAt) {
    }

    /** The project's monitors by slug. */
    public List<MonitorView> monitors(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM monitors WHERE project_id = ? ORDER BY slug")) {
                ps.setString(1, project.value());
                return monitors(ps);
            }
        });
    }

    /** The monitor of {@code project} named {@code slug}. */
    public Optional<MonitorView> monitor(ProjectId project, String slug) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM monitors WHERE project_id = ? AND slug = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, slug);
                return monitors(ps).stream().findFirst();
            }
        });
    }

    /** A page of a monitor's runs, newest start first. */
    public Page<CheckInView> checkIns(ProjectId project, String monitorId, Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        String sql = "SELECT * FROM monitor_checkins WHERE project_id = ? AND monitor_id = ?"
                + Cursors.before(after, "started_at", "id")
                + " ORDER BY started_at DESC, id DESC LIMIT ?";
        List<CheckInView> rows = store.read(c -> {
            List<CheckInView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setString(i++, monitorId);
                i = Cursors.bind(ps, i, after);
                ps.setInt(i, n + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double d = rs.getDouble("duration_ms");
                        OptionalDouble duration = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(d);
                        out.add(new CheckInView(rs.getString("id"), Rows.optional(rs, "checkin_id"),
                                rs.getString("status"), rs.getLong("started_at"), optionalLong(rs, "finished_at"),
                                duration, Rows.optional(rs, "environment"), Rows.optional(rs, "release"),
                                rs.getLong("received_at")));
                    }
                }
            }
            return out;
        });
        return IssueQueries.page(rows, n, last -> Cursors.encode(last.startedAt(), last.id()));
    }

    private static List<MonitorView> monitors(PreparedStatement ps) throws SQLException {
        List<MonitorView> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MonitorView(rs.getString("id"), rs.getString("slug"), rs.getString("schedule_type"),
                        rs.getString("schedule"), rs.getLong("checkin_margin_minutes"),
                        rs.getLong("max_runtime_minutes"), rs.getString("timezone"), rs.getLong("created_at"),
                        optionalLong(rs, "last_checkin_at"), Rows.optional(rs, "last_status"),
                        optionalLong(rs, "next_expected_at")));
            }
        }
        return out;
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
