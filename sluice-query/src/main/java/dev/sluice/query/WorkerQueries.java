package dev.sluice.query;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Workers with their liveness as of the injected clock, and the thread dumps they sent. */
public final class WorkerQueries {

    private final Store store;
    private final Clock clock;

    private WorkerQueries(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Read service over {@code store}, judging liveness at {@code clock}'s now. */
    public static WorkerQueries create(Store store, Clock clock) {
        return new WorkerQueries(store, clock);
    }

    /** A stored thread dump. */
    public record DumpView(String id, String cmdId, String workerKey, Optional<String> language,
                           Optional<String> sdkVersion, Optional<String> capturedAt, long receivedAt, String text) {
    }

    /** All workers of the environment, by key, with the staleness rule of {@code settings}. */
    public List<WorkerView> workers(ProjectId project, JobEnv env, JobSettings settings) {
        long now = clock.millis();
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM job_workers WHERE project_id = ? AND env = ? "
                    + "ORDER BY worker_key LIMIT 10000")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                List<WorkerView> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int conc = rs.getInt("concurrency");
                        OptionalInt concurrency = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(conc);
                        OptionalLong shutdown = JobRunQueries.optionalLong(rs, "shutdown_at");
                        long last = rs.getLong("last_heartbeat");
                        out.add(new WorkerView(rs.getString("worker_key"), rs.getString("hostname"),
                                rs.getString("pid"), rs.getString("framework"), Rows.optional(rs, "language"),
                                Rows.optional(rs, "sdk_version"), concurrency,
                                JsonStrings.decodeArray(rs.getString("queues")), rs.getLong("first_seen"), last,
                                WorkerLiveness.status(last, shutdown, now, settings.heartbeatIntervalSeconds(),
                                        settings.staleAfterMissed())));
                    }
                }
                return out;
            }
        });
    }

    /** Dumps, newest first, optionally of one worker; without their text. */
    public List<DumpView> dumps(ProjectId project, JobEnv env, Optional<String> workerKey, int limit) {
        String sql = "SELECT id, cmd_id, worker_key, language, sdk_version, captured_at, received_at FROM job_dumps "
                + "WHERE project_id = ? AND env = ?" + (workerKey.isPresent() ? " AND worker_key = ?" : "")
                + " ORDER BY id DESC LIMIT ?";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setString(i++, env.id());
                if (workerKey.isPresent()) {
                    ps.setString(i++, workerKey.get());
                }
                ps.setInt(i, Rows.limit(limit));
                List<DumpView> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DumpView(rs.getString(1), rs.getString(2), rs.getString(3),
                                Rows.optional(rs, "language"), Rows.optional(rs, "sdk_version"),
                                Rows.optional(rs, "captured_at"), rs.getLong(7), ""));
                    }
                }
                return out;
            }
        });
    }

    /** One dump with its text. */
    public Optional<DumpView> dump(ProjectId project, JobEnv env, String id) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM job_dumps WHERE project_id = ? AND env = ? "
                    + "AND id = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, env.id());
                ps.setString(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new DumpView(rs.getString("id"), rs.getString("cmd_id"),
                            rs.getString("worker_key"), Rows.optional(rs, "language"),
                            Rows.optional(rs, "sdk_version"), Rows.optional(rs, "captured_at"),
                            rs.getLong("received_at"), rs.getString("dump_text")));
                }
            }
        });
    }
}
