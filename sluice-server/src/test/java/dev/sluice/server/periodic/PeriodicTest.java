package dev.sluice.server.periodic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shared background runner: the clock's now, a named daemon thread, surviving failures, a clean stop. */
class PeriodicTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    static final Duration SHORT = Duration.ofMillis(5);

    @Test
    void runsAgainAndAgainOnANamedDaemonThreadAtTheClocksNow() throws Exception {
        BlockingQueue<Long> nows = new LinkedBlockingQueue<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (Periodic p = Periodic.start("test-periodic", CLOCK, SHORT, SHORT, now -> {
            thread.set(Thread.currentThread());
            nows.add(now);
        })) {
            for (int i = 0; i < 3; i++) {
                assertThat(nows.poll(10, TimeUnit.SECONDS)).isEqualTo(CLOCK.millis());
            }
        }
        assertThat(thread.get().getName()).isEqualTo("test-periodic");
        assertThat(thread.get().isDaemon()).isTrue();
    }

    @Test
    void aRunThatThrowsIsLoggedAndTheNextOneStillComes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch afterFailures = new CountDownLatch(1);
        try (Periodic p = Periodic.start("test-failing", CLOCK, SHORT, SHORT, now -> {
            if (runs.incrementAndGet() <= 2) {
                throw new IllegalStateException("boom " + runs.get());
            }
            afterFailures.countDown();
        })) {
            assertThat(afterFailures.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void onceRunsOnTheSameThreadBeforeTheFirstPeriodicRun() throws Exception {
        BlockingQueue<String> order = new LinkedBlockingQueue<>();
        try (Periodic p = Periodic.start("test-once", CLOCK, Duration.ofMillis(300), Duration.ofHours(1),
                now -> order.add("periodic " + Thread.currentThread().getName()))
                .once(Duration.ZERO, now -> order.add("once " + Thread.currentThread().getName()))) {
            assertThat(order.poll(10, TimeUnit.SECONDS)).isEqualTo("once test-once");
            assertThat(order.poll(10, TimeUnit.SECONDS)).isEqualTo("periodic test-once");
        }
    }

    @Test
    void closeInterruptsARunInProgressAndWaitsForItsEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        AtomicInteger runs = new AtomicInteger();
        Periodic p = Periodic.start("test-close", CLOCK, Duration.ZERO, SHORT, now -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.set(true);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        p.close();
        assertThat(ended).as("the run in progress ended before close returned").isTrue();
        assertThat(runs.get()).isEqualTo(1);
    }
}
