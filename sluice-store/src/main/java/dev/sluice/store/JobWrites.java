package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.List;
import java.util.Set;

/**
 * Write operations for background-job telemetry, inside the {@link WriteTx} that reached them. As everywhere
 * in the store, callers aggregate per key first: a key appears at most once per call.
 */
public interface JobWrites {

    /** Inserts task events not seen before; answers the ids of the rows actually inserted. */
    Set<String> insertEvents(List<JobEventRow> rows);

    /** Merges run aggregates into the stored runs (see {@link JobRunUpsert} for the ordering rule). */
    void upsertRuns(List<JobRunUpsert> runs);

    /** Adds {@code events} to the project's count for {@code month} ({@code yyyy-MM}, UTC). */
    void addUsage(ProjectId project, String month, long events);

    /**
     * The project's count for {@code month}, as this transaction sees it (its own {@link #addUsage} included),
     * and the monthly quota of its settings. A caller deciding on the quota locks {@link #quotaLock} first (with
     * its other keys, in one {@link WriteTx#lock} call): another node deciding on the same quota then waits for
     * this commit and reads the count it left.
     */
    Quota quota(ProjectId project, String month);

    /** The project's job settings as this transaction sees them (the defaults when none were set). */
    JobSettings settings(ProjectId project);

    /** The {@link WriteTx#lock} key of a project's monthly quota. */
    static String quotaLock(ProjectId project) {
        return "job-quota\0" + project.value();
    }

    /** A month's usage against its quota. */
    record Quota(long used, long limit) {

        /** Whether nothing more may be spent this month. */
        public boolean reached() {
            return used >= limit;
        }
    }

    /** Merges heartbeats into the stored workers. */
    void upsertWorkers(List<WorkerUpsert> workers);

    /** Inserts queue-depth points, skipping those whose dedupe key is stored already. */
    void insertSnapshots(List<QueueSnapshotRow> rows);

    /** Inserts lineage edges, keeping known chain ids and child names. */
    void upsertLineage(List<LineageEdge> edges);

    /** Stores thread dumps. */
    void insertDumps(List<ThreadDumpRow> rows);

    /** Replaces the project's job settings. */
    void putSettings(ProjectId project, JobSettings settings, long nowMillis);

    /**
     * Read-modify-write of the settings in this transaction: {@code change} sees the latest committed
     * settings (other writers of them wait), and its result is stored and answered.
     */
    JobSettings updateSettings(ProjectId project, java.util.function.UnaryOperator<JobSettings> change, long nowMillis);

    /** Queues a command for one worker. */
    void queueCommand(ProjectId project, JobEnv env, String workerKey, JobCommand command, long nowMillis);

    /** Marks the worker's pending commands delivered and answers them, oldest first: each is handed out once. */
    List<JobCommand> takeCommands(ProjectId project, JobEnv env, String workerKey, long nowMillis);
}
