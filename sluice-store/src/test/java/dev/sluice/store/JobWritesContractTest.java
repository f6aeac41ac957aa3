package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.JobEnv;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The background-job (TraceStax) write family, on SQLite and PostgreSQL. */
class JobWritesContractTest extends OnBothStores {

    JobEventRow event(String id, String status) {
        return new JobEventRow(id, db.project, JobEnv.LIVE, "t1", status, "w1", 1, "send", "default", "celery",
                "python", OptionalDouble.of(12.5), OptionalDouble.empty(), Optional.empty(), Optional.empty(), 1_000);
    }

    JobRunUpsert run(String status, int phase, long at, OptionalLong started, Optional<String> error) {
        return new JobRunUpsert(db.project, JobEnv.LIVE, "t1", "send", "default", "celery", "python", "w1", status, 1,
                phase, at, 1, started, phase == 2 ? OptionalLong.of(at) : OptionalLong.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), error, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                at, at);
    }

    @Test
    void eventsAreInsertedOnce() {
        assertThat(db.store.<java.util.Set<String>>write(tx -> tx.jobs().insertEvents(List.of(event("e1", "started"), event("e2", "succeeded")))))
                .containsOnly("e1", "e2");
        assertThat(db.store.<java.util.Set<String>>write(tx -> tx.jobs().insertEvents(List.of(event("e2", "succeeded"), event("e3", "failed")))))
                .containsOnly("e3");
        assertThat(db.count("job_events")).isEqualTo(3);
    }

    @Test
    void runsMergeWhicheverSideIsLater() {
        db.store.write(tx -> {
            tx.jobs().upsertRuns(List.of(run("failed", 2, 5_000, OptionalLong.empty(), Optional.of("Boom"))));
            return null;
        });
        // An older "started" arrives late: it fills startedAt but does not replace the finished status.
        db.store.write(tx -> {
            tx.jobs().upsertRuns(List.of(run("started", 0, 4_000, OptionalLong.of(4_000), Optional.empty())));
            return null;
        });
        assertThat(db.rows("SELECT status, started_at, first_seen, last_seen, error_type FROM job_runs"))
                .containsExactly(List.of("failed", "4000", "4000", "5000", "Boom"));
    }

    @Test
    void usageAddsUpPerMonth() {
        db.store.write(tx -> {
            tx.jobs().addUsage(db.project, "2026-11", 3);
            tx.jobs().addUsage(db.project, "2026-12", 1);
            return null;
        });
        db.store.write(tx -> {
            tx.jobs().addUsage(db.project, "2026-11", 4);
            return null;
        });
        assertThat(db.count("job_usage")).isEqualTo(2);
        assertThat(db.rows("SELECT SUM(events) FROM job_usage").getFirst().getFirst()).isEqualTo("8");
    }

    @Test
    void workersSnapshotsLineageAndDumpsAreStored() {
        db.store.write(tx -> {
            tx.jobs().upsertWorkers(List.of(new WorkerUpsert(db.project, JobEnv.LIVE, "w1", "host", "42", "celery",
                    Optional.of("python"), Optional.empty(), OptionalInt.of(4), "[\"default\"]", 1_000, false)));
            tx.jobs().insertSnapshots(List.of(new QueueSnapshotRow("q1", db.project, JobEnv.LIVE, "default",
                    Optional.of("w1"), "celery", 5, 1, 0, OptionalDouble.of(2.5), OptionalDouble.empty(), 1_000, 1_000,
                    Optional.of("dk"))));
            tx.jobs().upsertLineage(List.of(new LineageEdge(db.project, JobEnv.LIVE, "p", "c", Optional.of("chain"),
                    Optional.of("child"), 1_000)));
            tx.jobs().insertDumps(List.of(new ThreadDumpRow("d1", db.project, JobEnv.LIVE, "cmd", "w1",
                    Optional.empty(), Optional.empty(), Optional.empty(), "Thread main", 1_000)));
            return null;
        });
        db.store.write(tx -> {
            // A later heartbeat updates the worker; a repeated snapshot dedupe key and edge change nothing.
            tx.jobs().upsertWorkers(List.of(new WorkerUpsert(db.project, JobEnv.LIVE, "w1", "host2", "43", "celery",
                    Optional.empty(), Optional.empty(), OptionalInt.empty(), "[]", 2_000, true)));
            tx.jobs().insertSnapshots(List.of(new QueueSnapshotRow("q2", db.project, JobEnv.LIVE, "default",
                    Optional.of("w1"), "celery", 9, 1, 0, OptionalDouble.empty(), OptionalDouble.empty(), 2_000, 2_000,
                    Optional.of("dk"))));
            tx.jobs().upsertLineage(List.of(new LineageEdge(db.project, JobEnv.LIVE, "p", "c", Optional.empty(),
                    Optional.empty(), 2_000)));
            return null;
        });
        assertThat(db.count("job_workers")).isEqualTo(1);
        assertThat(db.rows("SELECT hostname FROM job_workers")).containsExactly(List.of("host2"));
        assertThat(db.count("job_queue_snapshots")).isEqualTo(1);
        assertThat(db.rows("SELECT chain_id FROM job_lineage")).containsExactly(List.of("chain"));
        assertThat(db.count("job_dumps")).isEqualTo(1);
    }

    @Test
    void settingsAreReplacedAndCommandsHandedOutOnce() {
        JobSettings settings = new JobSettings("pro", 1_000_000, 600, 30, 3, true, OptionalLong.of(9_000));
        db.store.write(tx -> {
            tx.jobs().putSettings(db.project, settings, 1_000);
            tx.jobs().queueCommand(db.project, JobEnv.LIVE, "w1", new JobCommand("c1", "thread_dump"), 1_000);
            tx.jobs().queueCommand(db.project, JobEnv.LIVE, "w1", new JobCommand("c2", "pause"), 2_000);
            tx.jobs().queueCommand(db.project, JobEnv.TEST, "w1", new JobCommand("c3", "pause"), 2_000);
            return null;
        });
        assertThat(db.store.<List<JobCommand>>write(tx -> tx.jobs().takeCommands(db.project, JobEnv.LIVE, "w1", 3_000)))
                .containsExactly(new JobCommand("c1", "thread_dump"), new JobCommand("c2", "pause"));
        assertThat(db.store.<List<JobCommand>>write(tx -> tx.jobs().takeCommands(db.project, JobEnv.LIVE, "w1", 4_000))).isEmpty();
        assertThat(db.store.<List<JobCommand>>write(tx -> tx.jobs().takeCommands(db.project, JobEnv.TEST, "w1", 4_000)))
                .containsExactly(new JobCommand("c3", "pause"));
        assertThat(db.count("job_settings")).isEqualTo(1);
    }
}
