package dev.sluice.store;

import static dev.sluice.store.JobBinds.fail;
import static dev.sluice.store.JobBinds.number;
import static dev.sluice.store.JobBinds.text;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.OptionalLong;

/** The job writes besides events and runs: workers, snapshots, lineage, dumps and settings. */
final class JobSideWrites {

    private JobSideWrites() {
    }

    /** The newest heartbeat decides the descriptive fields and whether the worker announced shutdown. */
    static void upsertWorkers(Connection c, List<WorkerUpsert> unsorted) {
        List<WorkerUpsert> workers = LockOrder.sorted(unsorted, w -> LockOrder.key(w.project().value(), w.env().id(),
                w.workerKey()));
        if (workers.isEmpty()) {
            return;
        }
        String newer = "excluded.last_heartbeat >= job_workers.last_heartbeat";
        StringBuilder set = new StringBuilder();
        for (String column : List.of("hostname", "pid", "framework", "language", "sdk_version", "concurrency",
                "queues", "shutdown_at")) {
            set.append(column).append(" = CASE WHEN ").append(newer).append(" THEN excluded.").append(column)
                    .append(" ELSE job_workers.").append(column).append(" END, ");
        }
        String sql = "INSERT INTO job_workers (project_id, env, worker_key, hostname, pid, framework, language, "
                + "sdk_version, concurrency, queues, first_seen, last_heartbeat, shutdown_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, env, worker_key) DO UPDATE SET "
                + set + "last_heartbeat = CASE WHEN " + newer + " THEN excluded.last_heartbeat "
                + "ELSE job_workers.last_heartbeat END";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (WorkerUpsert w : workers) {
                text(ps, 1, w.project().value());
                text(ps, 2, w.env().id());
                text(ps, 3, w.workerKey());
                text(ps, 4, w.hostname());
                text(ps, 5, w.pid());
                text(ps, 6, w.framework());
                text(ps, 7, w.language());
                text(ps, 8, w.sdkVersion());
                number(ps, 9, w.concurrency());
                text(ps, 10, w.queuesJson());
                ps.setLong(11, w.heartbeatAt());
                ps.setLong(12, w.heartbeatAt());
                number(ps, 13, w.shutdown() ? OptionalLong.of(w.heartbeatAt()) : OptionalLong.empty());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("job workers", e);
        }
    }

    static void insertSnapshots(Connection c, List<QueueSnapshotRow> unsorted) {
        List<QueueSnapshotRow> rows = LockOrder.sorted(unsorted, r -> LockOrder.key(r.project().value(), r.env().id(),
                r.dedupeKey().orElse(""), r.id()));
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_queue_snapshots (id, project_id, env, queue, "
                + "worker_key, framework, depth, active, failed, throughput_per_min, latency_seconds, occurred_at, "
                + "received_at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (QueueSnapshotRow r : rows) {
                text(ps, 1, r.id());
                text(ps, 2, r.project().value());
                text(ps, 3, r.env().id());
                text(ps, 4, r.queue());
                text(ps, 5, r.workerKey());
                text(ps, 6, r.framework());
                ps.setLong(7, r.depth());
                ps.setLong(8, r.active());
                ps.setLong(9, r.failed());
                number(ps, 10, r.throughputPerMin());
                number(ps, 11, r.latencySeconds());
                ps.setLong(12, r.occurredAt());
                ps.setLong(13, r.receivedAt());
                text(ps, 14, r.dedupeKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("queue snapshots", e);
        }
    }

    static void upsertLineage(Connection c, List<LineageEdge> unsorted) {
        List<LineageEdge> edges = LockOrder.sorted(unsorted, e -> LockOrder.key(e.project().value(), e.env().id(),
                e.parentId(), e.childId()));
        if (edges.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_lineage (project_id, env, parent_id, child_id, "
                + "chain_id, child_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (project_id, env, parent_id, child_id) DO UPDATE SET "
                + "chain_id = COALESCE(job_lineage.chain_id, excluded.chain_id), "
                + "child_name = COALESCE(job_lineage.child_name, excluded.child_name)")) {
            for (LineageEdge e : edges) {
                text(ps, 1, e.project().value());
                text(ps, 2, e.env().id());
                text(ps, 3, e.parentId());
                text(ps, 4, e.childId());
                text(ps, 5, e.chainId());
                text(ps, 6, e.childName());
                ps.setLong(7, e.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("lineage", e);
        }
    }

    static void insertDumps(Connection c, List<ThreadDumpRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_dumps (id, project_id, env, cmd_id, worker_key, "
                + "language, sdk_version, captured_at, dump_text, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ThreadDumpRow r : rows) {
                text(ps, 1, r.id());
                text(ps, 2, r.project().value());
                text(ps, 3, r.env().id());
                text(ps, 4, r.cmdId());
                text(ps, 5, r.workerKey());
                text(ps, 6, r.language());
                text(ps, 7, r.sdkVersion());
                text(ps, 8, r.capturedAt());
                text(ps, 9, r.dumpText());
                ps.setLong(10, r.receivedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("thread dumps", e);
        }
    }

    static void putSettings(Connection c, ProjectId project, JobSettings s, long now) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_settings (project_id, plan_tier, monthly_quota, "
                + "rate_per_minute, heartbeat_interval_seconds, stale_after_missed, pause_ingest, pause_until_ms, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET "
                + "plan_tier = excluded.plan_tier, monthly_quota = excluded.monthly_quota, "
                + "rate_per_minute = excluded.rate_per_minute, "
                + "heartbeat_interval_seconds = excluded.heartbeat_interval_seconds, "
                + "stale_after_missed = excluded.stale_after_missed, pause_ingest = excluded.pause_ingest, "
                + "pause_until_ms = excluded.pause_until_ms, updated_at = excluded.updated_at")) {
            text(ps, 1, project.value());
            text(ps, 2, s.planTier());
            ps.setLong(3, s.monthlyQuota());
            ps.setLong(4, s.ratePerMinute());
            ps.setLong(5, s.heartbeatIntervalSeconds());
            ps.setInt(6, s.staleAfterMissed());
            ps.setInt(7, s.pauseIngest() ? 1 : 0);
            if (s.pauseUntilMs().isPresent()) {
                ps.setLong(8, s.pauseUntilMs().getAsLong());
            } else {
                ps.setNull(8, Types.BIGINT);
            }
            ps.setLong(9, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("job settings", e);
        }
    }
}
