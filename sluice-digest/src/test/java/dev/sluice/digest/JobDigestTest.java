package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.JobError;
import dev.sluice.protocol.JobEventItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.WorkerInfo;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The job digest against real stores: dedupe within and across commits, run folding, usage counting. */
class JobDigestTest {

    @TempDir
    static Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-31T23:59:59Z"), ZoneOffset.UTC);

    static Stream<StoreConfig> stores() {
        return Stream.of(TestDatabases.sqlite(dir.resolve("j" + System.nanoTime())), TestDatabases.postgres());
    }

    static JobEventItem event(String id, String status, int attempt, Optional<JobError> error) {
        return new JobEventItem(JobEnv.LIVE, "generic", "java", "0.1.0",
                new WorkerInfo("h:1", "h", "1", OptionalInt.of(1), List.of()), "job", id, "default", attempt,
                Optional.empty(), Optional.empty(), status, OptionalDouble.of(attempt * 10.0), OptionalDouble.empty(),
                error);
    }

    static long count(Store store, String sql) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void dedupesFoldsAndCounts(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            Optional<JobError> boom = Optional.of(new JobError("Boom", Optional.empty(), Optional.empty()));
            List<Item> first = List.of(event("a", "started", 1, Optional.empty()), event("a", "failed", 1, boom),
                    event("a", "started", 1, Optional.empty()));
            List<Item> second = List.of(event("a", "failed", 1, boom), event("a", "succeeded", 2, Optional.empty()));
            Instant now = clock.instant();
            List<BatchOutcome> out = store.write(tx -> applier.apply(tx, List.of(new IngestBatch("1", p, now, first),
                    new IngestBatch("2", p, now, second))));
            assertThat(out.get(0).items()).containsExactly(ItemOutcome.STORED, ItemOutcome.STORED, ItemOutcome.DUPLICATE);
            assertThat(out.get(1).items()).containsExactly(ItemOutcome.DUPLICATE, ItemOutcome.STORED);
            // A later commit re-sending everything changes nothing.
            List<BatchOutcome> again = store.write(tx -> applier.apply(tx, List.of(new IngestBatch("3", p, now, first))));
            assertThat(again.get(0).items()).containsOnly(ItemOutcome.DUPLICATE);
            assertThat(count(store, "SELECT COUNT(*) FROM job_events")).isEqualTo(3);
            assertThat(count(store, "SELECT attempts FROM job_runs")).isEqualTo(2);
            assertThat(count(store, "SELECT COUNT(*) FROM job_runs WHERE status = 'succeeded' AND error_type IS NULL"
                    + " AND duration_ms = 20")).isEqualTo(1);
            assertThat(count(store, "SELECT events FROM job_usage WHERE month = '2026-03'")).isEqualTo(3);
            assertThat(count(store, "SELECT event_count FROM issues")).isEqualTo(1);
        }
    }

    /** A heartbeat's queued commands are taken inside its commit, once: the next heartbeat gets none. */
    @ParameterizedTest
    @MethodSource("stores")
    void heartbeatsTakeTheirWorkersCommandsInTheCommit(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            store.write(tx -> {
                tx.jobs().queueCommand(p, JobEnv.LIVE, "h:1", new dev.sluice.store.JobCommand("c1", "thread_dump"), 1);
                tx.jobs().queueCommand(p, JobEnv.LIVE, "other:2", new dev.sluice.store.JobCommand("c2", "thread_dump"), 1);
                return null;
            });
            dev.sluice.protocol.WorkerHeartbeatItem beat = new dev.sluice.protocol.WorkerHeartbeatItem(JobEnv.LIVE,
                    "generic", Optional.of("java"), Optional.empty(),
                    new WorkerInfo("h:1", "h", "1", OptionalInt.of(1), List.of()), Optional.empty(), false);
            Instant now = clock.instant();
            List<BatchOutcome> first = store.write(tx -> applier.apply(tx,
                    List.of(new IngestBatch("1", p, now, List.of(beat)))));
            assertThat(first.get(0).items()).containsExactly(new dev.sluice.protocol.HeartbeatOutcome(
                    List.of(new dev.sluice.protocol.HeartbeatOutcome.Command("c1", "thread_dump"))));
            assertThat(first.get(0).stored()).isEqualTo(1);
            List<BatchOutcome> second = store.write(tx -> applier.apply(tx,
                    List.of(new IngestBatch("2", p, now, List.of(beat)))));
            assertThat(second.get(0).items()).containsExactly(new dev.sluice.protocol.HeartbeatOutcome(List.of()));
            assertThat(count(store, "SELECT COUNT(*) FROM job_commands WHERE delivered_at IS NULL")).isEqualTo(1);
        }
    }
}
