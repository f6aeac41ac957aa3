package dev.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit under contention, deterministically: a second connection holds SQLite's write lock, so the
 * writer can commit nothing until the test lets go. Whatever order the writer dequeues in, every request
 * appended while the lock is held lands in a group with others; no sleeps, no timing assumptions.
 */
class LocalIngestLogConcurrencyTest {

    @TempDir
    Path dir;
    StoreConfig config;
    Store store;
    ProjectId project;
    final Clock clock = Clock.systemUTC();

    @BeforeEach
    void open() {
        config = StoreConfig.sqlite(dir);
        store = Store.open(config);
        project = store.createProject("p", 1).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    LocalIngestLog start(LocalIngestLog.Limits limits) {
        return LocalIngestLog.start(store, BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped()), limits,
                new SimpleMeterRegistry());
    }

    Connection lockedConnection() throws Exception {
        Connection c = DriverManager.getConnection(config.jdbcUrl());
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return c;
    }

    static void release(Connection c) throws Exception {
        try (c; Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    @Test
    void oneFailingRequestInAGroupFailsAloneAndItsNeighboursCommit() throws Exception {
        // A real database failure scoped to one request: a trigger refuses the issue of the "poison" error.
        try (Connection c = DriverManager.getConnection(config.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER poison BEFORE INSERT ON issues WHEN NEW.title LIKE '%poison%' "
                    + "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");
        }
        LocalIngestLog log = start(LocalIngestLog.Limits.defaults());
        Connection lock = lockedConnection();
        List<CompletableFuture<BatchOutcome>> good = new ArrayList<>();
        good.add(log.append(LocalIngestLogTest.batch(project, "good-0"), 10));
        CompletableFuture<BatchOutcome> poison = log.append(LocalIngestLogTest.batch(project, "poison"), 10);
        for (int i = 1; i <= 3; i++) {
            good.add(log.append(LocalIngestLogTest.batch(project, "good-" + i), 10));
        }
        assertThat(good).noneMatch(CompletableFuture::isDone);
        release(lock);
        for (CompletableFuture<BatchOutcome> f : good) {
            assertThat(f.get(30, TimeUnit.SECONDS).stored()).isEqualTo(1);
        }
        assertThatThrownBy(() -> poison.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LogUnavailableException.class);
        log.close(Duration.ofSeconds(10));
        // Each neighbour stored exactly once; nothing of the poisoned request.
        assertThat(LocalIngestLogTest.count(store)).isEqualTo(4);
        assertThat(store.<Long>read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM issues WHERE title LIKE '%poison%'")) {
                rs.next();
                return rs.getLong(1);
            }
        })).isZero();
    }

    @Test
    void aFullQueueRefusesAtOnceAndCommitsEverythingItAccepted() throws Exception {
        // Bytes are released only after a commit, which the lock forbids: three fit, the fourth is refused.
        LocalIngestLog log = start(new LocalIngestLog.Limits(1_000, 30, 2_000));
        Connection lock = lockedConnection();
        List<CompletableFuture<BatchOutcome>> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(log.append(LocalIngestLogTest.batch(project, "a" + i), 10));
        }
        assertThatThrownBy(() -> log.append(LocalIngestLogTest.batch(project, "over"), 10))
                .isInstanceOf(LogUnavailableException.class).hasMessageContaining("full")
                .satisfies(e -> assertThat(((LogUnavailableException) e).retryAfterSeconds()).isPositive());
        assertThat(accepted).noneMatch(CompletableFuture::isDone);
        release(lock);
        for (CompletableFuture<BatchOutcome> f : accepted) {
            assertThat(f.get(30, TimeUnit.SECONDS).stored()).isEqualTo(1);
        }
        log.close(Duration.ofSeconds(10));
        assertThat(LocalIngestLogTest.count(store)).isEqualTo(3);
    }

    @Test
    void shutdownDrainsEverythingAcceptedEvenWhileAppendsRace() throws Exception {
        LocalIngestLog log = start(LocalIngestLog.Limits.defaults());
        Connection lock = lockedConnection();
        List<CompletableFuture<BatchOutcome>> accepted = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            accepted.add(log.append(LocalIngestLogTest.batch(project, "before-" + i), 10));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> log.close(Duration.ofSeconds(30)));
        // Keep appending until close() turns requests away: each append either is accepted (and must then be
        // committed) or refused; none may be silently dropped.
        for (int i = 0; ; i++) {
            try {
                accepted.add(log.append(LocalIngestLogTest.batch(project, "racing-" + i), 10));
            } catch (LogUnavailableException refused) {
                if (refused.getMessage().contains("shutting down")) {
                    break;
                }
                Thread.onSpinWait(); // momentarily full: the writer is held, so keep trying until close() refuses
            }
        }
        assertThat(closing).isNotDone();
        release(lock);
        closing.get(60, TimeUnit.SECONDS);
        for (CompletableFuture<BatchOutcome> f : accepted) {
            assertThat(f).isDone();
            assertThat(f.get().stored()).isEqualTo(1);
        }
        assertThat(LocalIngestLogTest.count(store)).isEqualTo(accepted.size());
    }
}
