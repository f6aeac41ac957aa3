package dev.sluice.sdk.internal;

import dev.sluice.testing.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sdk.DropReason;
import dev.sluice.sdk.Family;
import dev.sluice.sdk.SluiceError;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sender logic driven step by step with a fake clock and a scripted transport: no threads, no sleeps. */
class ChannelTest {

    private final FakeClock clock = new FakeClock();
    private final List<List<String>> sent = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>(); // Integer status or IOException
    private final List<SluiceError> errors = new ArrayList<>();
    private final List<Object> deadLetters = new ArrayList<>();
    private final Accounting books = new Accounting(Family.ANALYTICS, (e, items) -> {
        errors.add(e);
        deadLetters.addAll(items);
    });
    private int maxBody = Integer.MAX_VALUE;

    private final Encoder<String> encoder = new Encoder<>() {
        @Override
        public HttpCall encode(List<String> items) {
            if (items.contains("boom")) {
                throw new IllegalStateException("cannot encode boom");
            }
            return HttpCall.post(URI.create("http://stub/x"), Map.of(),
                    String.join(",", items).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int maxBodyBytes() {
            return maxBody;
        }
    };

    private final Transport transport = call -> {
        sent.add(Arrays.asList(new String(call.body(), StandardCharsets.UTF_8).split(",")));
        Object next = script.isEmpty() ? 200 : script.poll();
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof String retryAfter) {
            return new HttpResult(429, Map.of("Retry-After", List.of(retryAfter)), new byte[0]);
        }
        return new HttpResult((Integer) next, Map.of(), new byte[0]);
    };

    private Channel<String> channel(int maxBatch, long maxWaitMs, int maxQueue) {
        Channel<String> c = new Channel<>(books, maxBatch, maxWaitMs, maxQueue, encoder, transport,
                new RetryPolicy(4, Duration.ofMillis(1000), Duration.ofSeconds(30), Duration.ofMinutes(2)),
                new CircuitBreaker(3, Duration.ofSeconds(30)), clock, false);
        c.jitter(() -> 0.0); // backoff = half the exponential step: 500, 1000, 2000 ms
        return c;
    }

    private long step(Channel<String> c) {
        return c.step(clock.millis());
    }

    @Test
    void sendsWhenTheBatchIsFull() {
        Channel<String> c = channel(3, 5000, 100);
        c.offer("a");
        c.offer("b");
        assertThat(step(c)).isEqualTo(5000); // waits for companions
        c.offer("c");
        assertThat(step(c)).isZero();
        assertThat(sent).containsExactly(List.of("a", "b", "c"));
        assertThat(step(c)).isEqualTo(Channel.IDLE);
        assertThat(books.deliveredCount()).isEqualTo(3);
    }

    @Test
    void sendsAPartialBatchWhenMaxWaitPasses() {
        Channel<String> c = channel(100, 5000, 100);
        c.offer("a");
        assertThat(step(c)).isEqualTo(5000);
        clock.advanceMs(4999);
        assertThat(step(c)).isEqualTo(1);
        assertThat(sent).isEmpty();
        clock.advanceMs(1);
        step(c);
        assertThat(sent).containsExactly(List.of("a"));
    }

    @Test
    void retriesWithBackoffKeepingOrderAndTheSameBatch() {
        Channel<String> c = channel(2, 0, 100);
        script.addAll(List.of(503, new IOException("refused"), 200));
        c.offer("a");
        c.offer("b");
        step(c);                                  // attempt 1: 503
        c.offer("c");
        assertThat(step(c)).isEqualTo(500);       // retry waits; "c" does not jump the queue
        clock.advanceMs(500);
        step(c);                                  // attempt 2: I/O error
        assertThat(step(c)).isEqualTo(1000);
        clock.advanceMs(1000);
        step(c);                                  // attempt 3: ok
        step(c);                                  // then "c"
        assertThat(sent).containsExactly(List.of("a", "b"), List.of("a", "b"), List.of("a", "b"), List.of("c"));
        assertThat(books.deliveredCount()).isEqualTo(3);
        assertThat(errors).isEmpty();
    }

    @Test
    void retryAfterIsHonoured() {
        Channel<String> c = channel(1, 0, 100);
        script.add("7");
        c.offer("a");
        step(c);
        assertThat(step(c)).isEqualTo(7000);
    }

    @Test
    void permanentRejectionIsDeadLetteredAtOnce() {
        Channel<String> c = channel(1, 0, 100);
        script.add(400);
        c.offer("a");
        step(c);
        assertThat(sent).hasSize(1);
        assertThat(errors).extracting(SluiceError::reason).containsExactly(DropReason.REJECTED);
        assertThat(deadLetters).containsExactly("a");
        assertThat(c.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED); // a 4xx says nothing about health
    }

    @Test
    void attemptsRunOutIntoTheDeadLetter() {
        Channel<String> c = channel(1, 0, 100);
        script.addAll(List.of(503, 503, 503, 503));
        c.offer("a");
        for (int i = 0; i < 10 && errors.isEmpty(); i++) {
            clock.advanceMs(Math.min(step(c), 60_000));
        }
        assertThat(sent).hasSize(4);
        assertThat(errors).extracting(SluiceError::reason).containsExactly(DropReason.RETRIES_EXHAUSTED);
        assertThat(errors.get(0).status()).hasValue(503);
    }

    @Test
    void breakerOpensKeepsItemsQueuedAndProbesSoonThenLessOften() {
        Channel<String> c = channel(1, 0, 100);
        script.addAll(List.of(503, 503, 503, 503, 503, 200));
        c.offer("a");
        c.offer("b");
        step(c);
        clock.advanceMs(500);
        step(c);
        clock.advanceMs(1000);
        step(c);                                   // third failure: open for 1 s (not the 30 s maximum)
        assertThat(c.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(c.breaker().openInterval()).isEqualTo(Duration.ofSeconds(1));
        clock.advanceMs(2000);                     // the breaker allows a probe after 1 s; the retry is due at 2 s
        step(c);                                   // half-open probe ("a", last attempt) fails: open for 2 s
        assertThat(sent).hasSize(4);
        assertThat(errors).extracting(SluiceError::reason).containsExactly(DropReason.RETRIES_EXHAUSTED);
        assertThat(c.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(c.breaker().openInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(step(c)).isEqualTo(2_000);      // "b" is due, but the breaker holds it back
        clock.advanceMs(2_000);
        step(c);                                   // probe with "b" fails: open for 4 s
        assertThat(c.breaker().openInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(sent).hasSize(5);
        c.breaker().requestProbe();                // what flush() does: probe as soon as "b"'s backoff allows,
        long wait = step(c);                       // not after the breaker's 4 s
        assertThat(wait).isBetween(1L, 3_999L);
        clock.advanceMs(wait);
        assertThat(c.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        step(c);
        assertThat(sent).hasSize(6);
        assertThat(c.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(sent.get(sent.size() - 1)).containsExactly("b");
        assertThat(books.deliveredCount()).isEqualTo(1);
        assertThat(c.breaker().openInterval()).isEqualTo(Duration.ofSeconds(1)); // the next outage starts short
    }

    @Test
    void breakerIntervalIsCappedByTheConfiguredMaximum() {
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(3));
        java.time.Instant t = java.time.Instant.EPOCH;
        b.onFailure(t);
        for (int i = 0; i < 5; i++) {
            t = t.plus(b.openInterval());
            assertThat(b.allow(t)).isTrue();
            b.onFailure(t);
        }
        assertThat(b.openInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.allow(t.plusMillis(2_999))).isFalse();
    }

    @Test
    void overflowDropsTheOldestAndReportsIt() {
        Channel<String> c = channel(100, 5000, 3);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            assertThat(c.offer(s)).isTrue();
        }
        assertThat(deadLetters).containsExactly("a", "b");
        assertThat(errors).extracting(SluiceError::reason).containsOnly(DropReason.QUEUE_FULL);
        assertThat(c.queued()).isEqualTo(3);
    }

    @Test
    void oversizedBatchesAreSplitAndOversizedItemsDropped() {
        maxBody = 5;
        Channel<String> c = channel(4, 0, 100);
        for (String s : List.of("aa", "bb", "cc", "toolong")) {
            c.offer(s);
        }
        for (int i = 0; i < 5; i++) {
            step(c);
        }
        assertThat(sent).containsExactly(List.of("aa", "bb"), List.of("cc"));
        assertThat(errors).extracting(SluiceError::reason).containsExactly(DropReason.TOO_LARGE);
        assertThat(deadLetters).containsExactly("toolong");
    }

    @Test
    void anUnencodableItemDoesNotTakeItsNeighboursDown() {
        Channel<String> c = channel(3, 0, 100);
        c.offer("a");
        c.offer("boom");
        c.offer("b");
        for (int i = 0; i < 4; i++) {
            step(c);
        }
        assertThat(sent).containsExactly(List.of("a"), List.of("b"));
        assertThat(errors).extracting(SluiceError::reason).containsExactly(DropReason.INTERNAL);
    }

    @Test
    void closeDrainsIgnoringMaxWaitThenReportsLeftoversAndRefusesNewItems() {
        Channel<String> c = channel(2, 60_000, 100);
        script.addAll(List.of(200, 503));
        for (String s : List.of("a", "b", "c", "d", "e")) {
            c.offer(s);
        }
        c.beginClose(clock.millis() + 1000);
        step(c);                                  // a,b delivered without waiting maxWait
        step(c);                                  // c,d: 503 → retry at +500 ms, still within the deadline
        clock.advanceMs(500);
        script.add(503);
        step(c);                                  // 503 again → next retry (+1000) would pass the deadline
        assertThat(errors).extracting(SluiceError::reason).containsExactly(DropReason.UNDELIVERED_AT_CLOSE);
        assertThat(c.abandon()).isEqualTo(1);     // "e" never got its turn
        assertThat(deadLetters).containsExactly("c", "d", "e");
        assertThat(books.settledCount()).isEqualTo(books.acceptedCount());
        assertThat(c.offer("late")).isFalse();
        assertThat(books.droppedCounts().get(DropReason.CLOSED)).isEqualTo(1);
    }

    @Test
    void serverPauseHoldsSendingButKeepsItems() {
        Channel<String> c = channel(1, 0, 100);
        c.pauseUntil(clock.millis() + 10_000);
        c.offer("a");
        assertThat(step(c)).isEqualTo(10_000);
        assertThat(sent).isEmpty();
        clock.advanceMs(10_000);
        step(c);
        assertThat(sent).containsExactly(List.of("a"));
    }
}
