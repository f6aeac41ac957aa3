package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sdk.internal.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SDK against a misbehaving server: 429, 503, slow, garbage, permanent refusals, dead. */
class FailureModesTest {

    private final Recorder recorder = new Recorder();

    private SluiceBuilder tailpoint(String url) {
        return Sluice.builder().endpoint(url).tailpointKey("trk_live_x").onError(recorder)
                .retry(4, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30));
    }

    private static TaskOutcome outcome(Sluice s, Task t) {
        return s.capture(t).toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void unavailableIsRetriedWithOneIdempotencyKeyUntilCreated() {
        AtomicInteger n = new AtomicInteger();
        try (StubServer stub = new StubServer(r -> n.incrementAndGet() <= 2
                ? StubServer.Resp.json(503, "{\"success\":false}")
                : StubServer.Resp.json(201, "{\"status\":\"created\",\"taskId\":7,\"occurrenceCount\":1,"
                        + "\"eventId\":\"e1\",\"idempotent\":false}"));
             Sluice s = tailpoint(stub.url()).build()) {
            TaskOutcome o = outcome(s, Task.builder("Disk full").severity(Severity.HIGH).build());
            assertThat(o.status()).isEqualTo(TaskOutcome.Status.CREATED);
            assertThat(o.taskId()).hasValue(7);
            List<Object> keys = stub.requests("/api/v1/ingest/tasks").stream()
                    .map(r -> JsonParser.object(r.text()).get("idempotencyKey")).toList();
            assertThat(keys).hasSize(3).doesNotContainNull();
            assertThat(keys.stream().distinct()).hasSize(1);
        }
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        AtomicInteger n = new AtomicInteger();
        try (StubServer stub = new StubServer(r -> n.incrementAndGet() == 1
                ? new StubServer.Resp(429, Map.of("Retry-After", "1"), new byte[0])
                : StubServer.Resp.json(201, "{\"status\":\"created\",\"taskId\":1}"));
             Sluice s = tailpoint(stub.url()).build()) {
            long start = System.nanoTime();
            assertThat(outcome(s, Task.builder("t").build()).status()).isEqualTo(TaskOutcome.Status.CREATED);
            // a lower bound only: the retry cannot come before the server's pause (backoff alone is ~5 ms)
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));
            assertThat(stub.requests()).hasSize(2);
        }
    }

    @Test
    void aSlowServerTimesOutAndTheRequestIsRetried() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger n = new AtomicInteger();
        try (StubServer stub = new StubServer(r -> {
            if (n.incrementAndGet() == 1) {
                try {
                    release.await(10, TimeUnit.SECONDS); // hangs past the client's timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return StubServer.Resp.json(201, "{\"status\":\"created\",\"taskId\":3}");
        }); Sluice s = tailpoint(stub.url()).requestTimeout(Duration.ofMillis(300)).build()) {
            try {
                TaskOutcome o = outcome(s, Task.builder("slow").build());
                assertThat(o.status()).isEqualTo(TaskOutcome.Status.CREATED);
                assertThat(stub.requests()).hasSizeGreaterThanOrEqualTo(2);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void garbageBodiesAreSurvived() {
        AtomicInteger n = new AtomicInteger();
        try (StubServer stub = new StubServer(r -> n.incrementAndGet() == 1
                ? new StubServer.Resp(201, Map.of(), "<html>not json".getBytes(StandardCharsets.UTF_8))
                : new StubServer.Resp(500, Map.of(), new byte[] {(byte) 0xff, 0, 1}));
             Sluice s = tailpoint(stub.url()).build()) {
            TaskOutcome ok = outcome(s, Task.builder("a").build());
            assertThat(ok.status()).isEqualTo(TaskOutcome.Status.CREATED); // the 201 is what counts
            assertThat(ok.taskId()).isEmpty();
            TaskOutcome failed = outcome(s, Task.builder("b").build());
            assertThat(failed.status()).isEqualTo(TaskOutcome.Status.DROPPED);
            assertThat(failed.error().orElseThrow().reason()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
            s.flush(Duration.ofSeconds(5)); // the outcome carries the error; onError runs on the reporter thread
            assertThat(recorder.reasons()).containsExactly(DropReason.RETRIES_EXHAUSTED);
        }
    }

    @Test
    @SuppressWarnings("try") // the socket is closed early on purpose, to stop the accept loop
    void garbageOnTheWireIsAnIoErrorAndRetriedUntilTheCap() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                while (!raw.isClosed()) {
                    try (Socket c = raw.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                        in.read(new byte[8192]);
                        out.write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            try (Sluice s = tailpoint("http://127.0.0.1:" + raw.getLocalPort()).build()) {
                TaskOutcome o = outcome(s, Task.builder("x").build());
                assertThat(o.status()).isEqualTo(TaskOutcome.Status.DROPPED);
                assertThat(o.error().orElseThrow().reason()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
                assertThat(o.error().orElseThrow().status()).isEmpty();
            }
            raw.close();
            t.join(5000);
        }
    }

    @Test
    void permanentRefusalsAreDeadLetteredOnceNeverRetried() {
        AtomicInteger n = new AtomicInteger();
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(n.incrementAndGet() == 1 ? 401 : 413,
                "{\"success\":false,\"message\":\"Invalid ingestion API key\"}"));
             Sluice s = tailpoint(stub.url()).build()) {
            assertThat(outcome(s, Task.builder("a").build()).error().orElseThrow().reason()).isEqualTo(DropReason.REJECTED);
            assertThat(outcome(s, Task.builder("b").build()).error().orElseThrow().reason()).isEqualTo(DropReason.TOO_LARGE);
            assertThat(stub.requests()).hasSize(2);
            assertThat(recorder.errors.get(0).message()).contains("Invalid ingestion API key");
        }
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndCloseReportsLeftovers() {
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(503, "{}"))) {
            Sluice s = Sluice.builder().endpoint(stub.url()).openSentryKey("os_x").onError(recorder)
                    .batch(new BatchConfig(20, 0, 100)).circuitBreaker(2, Duration.ofHours(1))
                    .retry(10, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMinutes(5)).build();
            s.captureException(new RuntimeException("one"));
            stub.await(r -> true, 2, Duration.ofSeconds(10));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!s.stats().of(Family.ERRORS).breaker().equals("open") && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(s.stats().of(Family.ERRORS).breaker()).isEqualTo("open");
            s.captureException(new RuntimeException("two"));
            assertThat(s.flush(Duration.ofMillis(50))).isFalse();
            // while open, nothing is sent but the one probe that flush() asks for (it fails: open again)
            stub.await(r -> true, 3, Duration.ofSeconds(10));
            assertThat(stub.requests()).hasSize(3);
            s.close(Duration.ofMillis(200)); // the final flush ignores the breaker, within the deadline
            assertThat(recorder.items).hasSize(2);
            assertThat(recorder.reasons()).isSubsetOf(DropReason.RETRIES_EXHAUSTED, DropReason.UNDELIVERED_AT_CLOSE);
            Stats.FamilyStats st = s.stats().of(Family.ERRORS);
            assertThat(st.accepted()).isEqualTo(st.delivered() + st.droppedTotal());
        }
    }

    @Test
    void aDeadServerLosesNothingSilently() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Sluice s = Sluice.builder().endpoint("http://127.0.0.1:" + port).openSentryKey("os_x").pugKey("prv_x")
                .onError(recorder).batch(new BatchConfig(10, 10, 100)).build();
        for (int i = 0; i < 30; i++) {
            s.captureException(new RuntimeException("e" + i));
            s.track("u", "k", Map.of("i", i));
        }
        s.close(Duration.ofMillis(300));
        Stats st = s.stats();
        for (Family f : List.of(Family.ERRORS, Family.ANALYTICS)) {
            assertThat(st.of(f).accepted()).isEqualTo(30);
            assertThat(st.of(f).delivered() + st.of(f).droppedTotal()).as(f.name()).isEqualTo(30);
        }
        assertThat(recorder.items).hasSize(60);
        s.captureException(new RuntimeException("after close"));
        s.flush(Duration.ofSeconds(5)); // drop reports run on the SDK's reporter thread
        assertThat(recorder.reasons()).contains(DropReason.CLOSED);
    }
}
