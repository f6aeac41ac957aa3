package dev.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group-commit log against a real SQLite file. To make the writer wait, another connection holds
 * SQLite's write lock, exactly as a long CLI transaction would.
 */
class LocalIngestLogTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    static IngestBatch batch(ProjectId p, String id) {
        ErrorItem e = new ErrorItem(Optional.of("E"), Optional.of(id), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
        return new IngestBatch(id, p, java.time.Instant.now(), List.of(e));
    }

    @Test
    void groupsQueuedRequestsIntoOneCommitAndRefusesWhenFull() throws Exception {
        StoreConfig config = StoreConfig.sqlite(dir);
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            LocalIngestLog log = LocalIngestLog.start(store, BatchApplier.create(clock, Ids.create(clock),
                    PriceTable.shipped()), new LocalIngestLog.Limits(4, 1 << 20, 2000), meters);
            List<CompletableFuture<BatchOutcome>> acks = new ArrayList<>();
            try (Connection blocker = DriverManager.getConnection(config.jdbcUrl());
                 Statement s = blocker.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                acks.add(log.append(batch(p, "first"), 10));
                // The writer takes "first" and waits for the lock; four more fill the queue.
                waitUntil(() -> meters.get("sluice.ingest.queue.depth").gauge().value() == 0);
                for (int i = 0; i < 4; i++) {
                    acks.add(log.append(batch(p, "q" + i), 10));
                }
                assertThatThrownBy(() -> log.append(batch(p, "overflow"), 10))
                        .isInstanceOf(LogUnavailableException.class).hasMessageContaining("full");
                assertThat(acks).noneMatch(CompletableFuture::isDone);
                s.execute("ROLLBACK");
            }
            for (CompletableFuture<BatchOutcome> ack : acks) {
                assertThat(ack.get().stored()).isEqualTo(1);
            }
            // "first" alone, then the four queued behind it in one commit.
            assertThat(meters.get("sluice.commit.items").summary().count()).isEqualTo(2);
            assertThat(meters.get("sluice.commit.items").summary().max()).isEqualTo(4);
            log.close(Duration.ofSeconds(5));
            assertThat(count(store)).isEqualTo(5);
        }
    }

    @Test
    void closeCommitsEverythingQueuedThenRefuses() throws Exception {
        StoreConfig config = StoreConfig.sqlite(dir);
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            LocalIngestLog log = LocalIngestLog.start(store, BatchApplier.create(clock, Ids.create(clock),
                    PriceTable.shipped()), LocalIngestLog.Limits.defaults(), new SimpleMeterRegistry());
            List<CompletableFuture<BatchOutcome>> acks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                acks.add(log.append(batch(p, "b" + i), 10));
            }
            log.close(Duration.ofSeconds(10));
            assertThat(acks).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(count(store)).isEqualTo(200);
            assertThatThrownBy(() -> log.append(batch(p, "late"), 10)).isInstanceOf(LogUnavailableException.class);
        }
    }

    /**
     * The race between a client giving up and the writer taking its request: a request still queued when its
     * wait ends is withdrawn and never committed; one the writer already took is answered with its outcome.
     */
    @Test
    void aRequestThatTimedOutWaitingIsNeverCommittedLater() throws Exception {
        StoreConfig config = StoreConfig.sqlite(dir);
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            LocalIngestLog log = LocalIngestLog.start(store, BatchApplier.create(clock, Ids.create(clock),
                    PriceTable.shipped()), LocalIngestLog.Limits.defaults(), meters);
            Duration shortWait = Duration.ofMillis(50);
            CompletableFuture<BatchOutcome> taken;
            try (Connection blocker = DriverManager.getConnection(config.jdbcUrl());
                 Statement s = blocker.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                taken = CompletableFuture.supplyAsync(() -> Acks.commit(log, batch(p, "taken"), 10, shortWait));
                // The writer holds "taken" and waits for the lock; "queued" stays in the queue behind it.
                waitUntil(() -> meters.get("sluice.ingest.queue.depth").gauge().value() == 0);
                assertThatThrownBy(() -> Acks.commit(log, batch(p, "queued"), 10, shortWait))
                        .isInstanceOf(LogUnavailableException.class).hasMessageContaining("timed out");
                assertThat(taken).as("a taken request waits for its outcome past its own deadline").isNotDone();
                s.execute("ROLLBACK");
            }
            assertThat(taken.get().stored()).isEqualTo(1);
            assertThat(Acks.commit(log, batch(p, "after"), 10).stored()).isEqualTo(1);
            log.close(Duration.ofSeconds(5));
            assertThat(count(store)).as("taken and after, never queued").isEqualTo(2);
            assertThat(meters.get("sluice.ingest.queue.bytes").gauge().value()).isZero();
        }
    }

    static long count(Store store) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM error_events");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(5);
        }
    }
}
