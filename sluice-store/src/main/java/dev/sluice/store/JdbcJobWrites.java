package dev.sluice.store;

import static dev.sluice.store.JobBinds.fail;
import static dev.sluice.store.JobBinds.number;
import static dev.sluice.store.JobBinds.placeholders;
import static dev.sluice.store.JobBinds.text;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link JobWrites} on the transaction's connection; portable SQL only. */
final class JdbcJobWrites implements JobWrites {

    private static final int CHUNK = 200;

    /** Whether the incoming run aggregate is newer than the stored one (see {@link JobRunUpsert}). */
    private static final String NEWER = "(excluded.status_attempt > job_runs.status_attempt "
            + "OR (excluded.status_attempt = job_runs.status_attempt AND (excluded.status_phase > job_runs.status_phase "
            + "OR (excluded.status_phase = job_runs.status_phase AND excluded.status_at >= job_runs.status_at))))";

    private final Connection connection;
    private final StatementCache statements;

    /** The transaction this belongs to, for its locks. */
    private final WriteTx tx;

    JdbcJobWrites(Connection connection, StatementCache statements, WriteTx tx) {
        this.tx = tx;
        this.connection = connection;
        this.statements = statements;
    }

    @Override
    public Set<String> insertEvents(List<JobEventRow> unsorted) {
        List<JobEventRow> rows = LockOrder.sorted(unsorted, r -> LockOrder.key(r.project().value(), r.env().id(),
                r.taskId(), r.status(), r.workerKey(), r.attempt()));
        Set<String> inserted = new HashSet<>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<JobEventRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            String sql = "INSERT INTO job_events (id, project_id, env, task_id, status, worker_key, attempt, task_name, "
                    + "queue, framework, language, duration_ms, queued_ms, error_type, error_message, received_at) VALUES "
                    + placeholders("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.size())
                    + " ON CONFLICT DO NOTHING RETURNING id";
            try (StatementCache.Prepared p = statements.prepare(connection, sql)) {
                PreparedStatement ps = p.statement();
                int i = 1;
                for (JobEventRow r : chunk) {
                    text(ps, i++, r.id());
                    text(ps, i++, r.project().value());
                    text(ps, i++, r.env().id());
                    text(ps, i++, r.taskId());
                    text(ps, i++, r.status());
                    text(ps, i++, r.workerKey());
                    ps.setInt(i++, r.attempt());
                    text(ps, i++, r.taskName());
                    text(ps, i++, r.queue());
                    text(ps, i++, r.framework());
                    text(ps, i++, r.language());
                    number(ps, i++, r.durationMs());
                    number(ps, i++, r.queuedMs());
                    text(ps, i++, r.errorType());
                    text(ps, i++, r.errorMessage());
                    ps.setLong(i++, r.receivedAt());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw fail("job events", e);
            }
        }
        return inserted;
    }

    @Override
    public void upsertRuns(List<JobRunUpsert> unsorted) {
        List<JobRunUpsert> runs = LockOrder.sorted(unsorted, r -> LockOrder.key(r.project().value(), r.env().id(),
                r.taskId()));
        if (runs.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO job_runs (project_id, env, task_id, task_name, queue, framework, language, worker_key, "
                + "status, status_attempt, status_phase, status_at, attempts, started_at, finished_at, duration_ms, "
                + "queued_ms, error_type, error_message, issue_id, parent_id, chain_id, first_seen, last_seen) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (project_id, env, task_id) DO UPDATE SET "
                + "task_name = CASE WHEN " + NEWER + " AND excluded.task_name <> 'unknown' "
                + "THEN excluded.task_name ELSE job_runs.task_name END, "
                + newer("queue") + newer("framework") + newer("language") + newer("worker_key") + newer("status")
                + newer("finished_at") + newer("duration_ms") + newer("error_type") + newer("error_message")
                + newer("issue_id") + newer("status_attempt") + newer("status_phase") + newer("status_at")
                + "attempts = CASE WHEN excluded.attempts > job_runs.attempts THEN excluded.attempts "
                + "ELSE job_runs.attempts END, "
                + "started_at = CASE WHEN job_runs.started_at IS NULL OR excluded.started_at < job_runs.started_at "
                + "THEN COALESCE(excluded.started_at, job_runs.started_at) ELSE job_runs.started_at END, "
                + "queued_ms = CASE WHEN " + NEWER + " THEN COALESCE(excluded.queued_ms, job_runs.queued_ms) "
                + "ELSE COALESCE(job_runs.queued_ms, excluded.queued_ms) END, "
                + "parent_id = COALESCE(job_runs.parent_id, excluded.parent_id), "
                + "chain_id = COALESCE(job_runs.chain_id, excluded.chain_id), "
                + "first_seen = CASE WHEN excluded.first_seen < job_runs.first_seen THEN excluded.first_seen "
                + "ELSE job_runs.first_seen END, "
                + "last_seen = CASE WHEN excluded.last_seen > job_runs.last_seen THEN excluded.last_seen "
                + "ELSE job_runs.last_seen END";
        try (StatementCache.Prepared p = statements.prepare(connection, sql)) {
            PreparedStatement ps = p.statement();
            for (JobRunUpsert r : runs) {
                int i = 1;
                text(ps, i++, r.project().value());
                text(ps, i++, r.env().id());
                text(ps, i++, r.taskId());
                text(ps, i++, r.taskName());
                text(ps, i++, r.queue());
                text(ps, i++, r.framework());
                text(ps, i++, r.language());
                text(ps, i++, r.workerKey());
                text(ps, i++, r.status());
                ps.setInt(i++, r.statusAttempt());
                ps.setInt(i++, r.statusPhase());
                ps.setLong(i++, r.statusAt());
                ps.setInt(i++, r.attempts());
                number(ps, i++, r.startedAt());
                number(ps, i++, r.finishedAt());
                number(ps, i++, r.durationMs());
                number(ps, i++, r.queuedMs());
                text(ps, i++, r.errorType());
                text(ps, i++, r.errorMessage());
                text(ps, i++, r.issueId());
                text(ps, i++, r.parentId());
                text(ps, i++, r.chainId());
                ps.setLong(i++, r.firstSeen());
                ps.setLong(i, r.lastSeen());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("job runs", e);
        }
    }

    private static String newer(String column) {
        return column + " = CASE WHEN " + NEWER + " THEN excluded." + column + " ELSE job_runs." + column + " END, ";
    }

    @Override
    public void addUsage(ProjectId project, String month, long events) {
        try (StatementCache.Prepared p = statements.prepare(connection, "INSERT INTO job_usage (project_id, month, "
                + "events) VALUES (?, ?, ?) ON CONFLICT (project_id, month) DO UPDATE SET "
                + "events = job_usage.events + excluded.events")) {
            PreparedStatement ps = p.statement();
            text(ps, 1, project.value());
            text(ps, 2, month);
            ps.setLong(3, events);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("job usage", e);
        }
    }

    @Override
    public Quota quota(ProjectId project, String month) {
        try (StatementCache.Prepared p = statements.prepare(connection,
                "SELECT events FROM job_usage WHERE project_id = ? AND month = ?")) {
            PreparedStatement ps = p.statement();
            text(ps, 1, project.value());
            text(ps, 2, month);
            long used;
            try (ResultSet rs = ps.executeQuery()) {
                used = rs.next() ? rs.getLong(1) : 0L;
            }
            return new Quota(used, settings(project).monthlyQuota());
        } catch (SQLException e) {
            throw fail("job quota", e);
        }
    }

    @Override
    public JobSettings settings(ProjectId project) {
        try {
            return JobSettings.read(connection, project);
        } catch (SQLException e) {
            throw fail("job settings", e);
        }
    }

    @Override
    public void upsertWorkers(List<WorkerUpsert> workers) {
        JobSideWrites.upsertWorkers(connection, workers);
    }

    @Override
    public void insertSnapshots(List<QueueSnapshotRow> rows) {
        JobSideWrites.insertSnapshots(connection, rows);
    }

    @Override
    public void upsertLineage(List<LineageEdge> edges) {
        JobSideWrites.upsertLineage(connection, edges);
    }

    @Override
    public void insertDumps(List<ThreadDumpRow> rows) {
        JobSideWrites.insertDumps(connection, rows);
    }

    @Override
    public JobSettings updateSettings(ProjectId project, java.util.function.UnaryOperator<JobSettings> change,
                                      long nowMillis) {
        tx.lock(List.of("job-settings\0" + project.value()));
        try {
            JobSettings next = change.apply(JobSettings.read(connection, project));
            JobSideWrites.putSettings(connection, project, next, nowMillis);
            return next;
        } catch (SQLException e) {
            throw new StoreException("job settings: " + e.getMessage(), e);
        }
    }

    @Override
    public void putSettings(ProjectId project, JobSettings settings, long nowMillis) {
        JobSideWrites.putSettings(connection, project, settings, nowMillis);
    }

    @Override
    public void queueCommand(ProjectId project, JobEnv env, String workerKey, JobCommand command, long nowMillis) {
        try (StatementCache.Prepared p = statements.prepare(connection, "INSERT INTO job_commands (id, project_id, env, "
                + "worker_key, type, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = p.statement();
            text(ps, 1, command.id());
            text(ps, 2, project.value());
            text(ps, 3, env.id());
            text(ps, 4, workerKey);
            text(ps, 5, command.type());
            ps.setLong(6, nowMillis);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("job command", e);
        }
    }

    @Override
    public List<JobCommand> takeCommands(ProjectId project, JobEnv env, String workerKey, long nowMillis) {
        // UPDATE … RETURNING in one statement: two nodes answering heartbeats of one worker cannot both take it.
        List<JobCommand> out = new ArrayList<>();
        try (StatementCache.Prepared p = statements.prepare(connection, "UPDATE job_commands SET delivered_at = ? "
                + "WHERE project_id = ? AND env = ? AND worker_key = ? AND delivered_at IS NULL RETURNING id, type")) {
            PreparedStatement ps = p.statement();
            ps.setLong(1, nowMillis);
            text(ps, 2, project.value());
            text(ps, 3, env.id());
            text(ps, 4, workerKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobCommand(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw fail("job commands", e);
        }
        // Ids are UUIDv7, so sorting by id is oldest first.
        out.sort(java.util.Comparator.comparing(JobCommand::id));
        return out;
    }
}
