package dev.sluice.query;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.JobStatus;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Job runs, their events, and per-task statistics; every read is within one environment. */
public final class JobRunQueries {

    private final Store store;

    private JobRunQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static JobRunQueries create(Store store) {
        return new JobRunQueries(store);
    }

    /** Runs by last activity, newest first, optionally of one status and/or task name. */
    public Page<JobRunView> list(ProjectId project, JobEnv env, Optional<String> status, Optional<String> name,
                                 Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        String sql = "SELECT * FROM job_runs WHERE project_id = ? AND env = ?"
                + (status.isPresent() ? " AND status = ?" : "") + (name.isPresent() ? " AND task_name = ?" : "")
                + Cursors.before(after, "last_seen", "task_id")
                + " ORDER BY last_seen DESC, task_id DESC LIMIT ?";
        List<JobRunView> rows = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setString(i++, env.id());
                if (status.isPresent()) {
                    ps.setString(i++, status.get());
                }
                if (name.isPresent()) {
                    ps.setString(i++, name.get());
                }
                i = Cursors.bind(ps, i, after);
                ps.setInt(i, n + 1);
                return runs(ps);
            }
        });
        return IssueQueries.page(rows, n, last -> Cursors.encode(last.lastSeen(), last.taskId()));
    }

    /** One run by task id. */
    public Optional<JobRunView> get(ProjectId project, JobEnv env, String taskId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM job_runs WHERE project_id = ? AND env = ? AND task_id = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                ps.setString(3, taskId);
                return runs(ps).stream().findFirst();
            }
        });
    }

    /** The stored events of one run, in arrival order. */
    public List<JobEventView> events(ProjectId project, JobEnv env, String taskId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM job_events WHERE project_id = ? AND env = ? "
                    + "AND task_id = ? ORDER BY id LIMIT 1000")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                ps.setString(3, taskId);
                List<JobEventView> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JobEventView(rs.getString("id"), rs.getString("status"), rs.getInt("attempt"),
                                rs.getString("worker_key"), optionalDouble(rs, "duration_ms"),
                                optionalDouble(rs, "queued_ms"), Rows.optional(rs, "error_type"),
                                Rows.optional(rs, "error_message"), rs.getLong("received_at")));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Statistics per task name of the runs that finished in [{@code from}, {@code to}), by name. Percentiles
     * are computed here, exactly, from the durations of the range (both engines lack a portable one).
     */
    public List<TaskStats> stats(ProjectId project, JobEnv env, Instant from, Instant to) {
        record Acc(List<Double> durations, long[] counts) {
        }
        Map<String, Acc> byName = store.read(c -> {
            Map<String, Acc> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT task_name, status, duration_ms, started_at, "
                    + "finished_at FROM job_runs WHERE project_id = ? AND env = ? AND status_phase = ? "
                    + "AND finished_at >= ? AND finished_at < ?")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                ps.setInt(3, JobStatus.PHASE_FINISHED);
                ps.setLong(4, from.toEpochMilli());
                ps.setLong(5, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc acc = out.computeIfAbsent(rs.getString(1), k -> new Acc(new ArrayList<>(), new long[2]));
                        acc.counts[0]++;
                        if (JobStatus.isFailure(rs.getString(2))) {
                            acc.counts[1]++;
                        }
                        duration(rs.getDouble(3), rs.wasNull(), optionalLong(rs, "started_at"),
                                rs.getLong(5)).ifPresent(acc.durations::add);
                    }
                }
            }
            return out;
        });
        double minutes = Math.max(1, to.toEpochMilli() - from.toEpochMilli()) / 60_000.0;
        List<TaskStats> out = new ArrayList<>();
        byName.forEach((name, acc) -> {
            double[] d = acc.durations.stream().mapToDouble(Double::doubleValue).toArray();
            long finished = acc.counts[0];
            out.add(new TaskStats(name, finished, acc.counts[1], finished / minutes,
                    (double) acc.counts[1] / finished, Percentiles.nearestRank(d, 50), Percentiles.nearestRank(d, 95)));
        });
        return out;
    }

    /** The reported duration, else finish minus start when the run has both. */
    private static OptionalDouble duration(double reported, boolean absent, OptionalLong startedAt, long finishedAt) {
        if (!absent) {
            return OptionalDouble.of(reported);
        }
        return startedAt.isPresent() ? OptionalDouble.of(finishedAt - startedAt.getAsLong()) : OptionalDouble.empty();
    }

    private static List<JobRunView> runs(PreparedStatement ps) throws SQLException {
        List<JobRunView> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OptionalLong started = optionalLong(rs, "started_at");
                OptionalLong finished = optionalLong(rs, "finished_at");
                double d = rs.getDouble("duration_ms");
                OptionalDouble duration = finished.isPresent()
                        ? duration(d, rs.wasNull(), started, finished.getAsLong()) : OptionalDouble.empty();
                out.add(new JobRunView(rs.getString("task_id"), rs.getString("task_name"), rs.getString("queue"),
                        rs.getString("framework"), rs.getString("language"), rs.getString("worker_key"),
                        rs.getString("status"), rs.getInt("attempts"), started, finished, duration,
                        optionalDouble(rs, "queued_ms"), Rows.optional(rs, "error_type"),
                        Rows.optional(rs, "error_message"), Rows.optional(rs, "issue_id"),
                        Rows.optional(rs, "parent_id"), Rows.optional(rs, "chain_id"), rs.getLong("first_seen"),
                        rs.getLong("last_seen")));
            }
        }
        return out;
    }

    static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    static OptionalDouble optionalDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
