package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sdk.internal.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** What a first-time user hit: missing factories and overloads, raw NPEs, miscounted leftovers, drop reports. */
class FirstUseGapsTest {

    private final Recorder recorder = new Recorder();

    @Test
    void identifyOptionsHaveAFactoryAndABuilder() {
        assertThat(IdentifyOptions.anonymous("anon-1").anonymousId()).hasValue("anon-1");
        IdentifyOptions both = IdentifyOptions.builder().anonymousId("anon-2").deviceId("d-1").build();
        assertThat(both).isEqualTo(new IdentifyOptions(Optional.of("anon-2"), Optional.of("d-1")));
        assertThat(IdentifyOptions.builder().build()).isEqualTo(IdentifyOptions.none());
    }

    @Test
    void theClientTracksWithoutProperties() {
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(200, "{}"));
             Sluice s = Sluice.builder().endpoint(stub.url()).pugKey("prv_x").build()) {
            s.track("user-1", "signed_in");
            assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(stub.requests("/sdk.events.v1.EventsService/BatchCreate")).hasSize(1);
            assertThat(s.stats().of(Family.ANALYTICS).delivered()).isEqualTo(1);
        }
    }

    @Test
    void missingIdsAreASluiceExceptionNotANullPointerException() {
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(200, "{}"));
             Sluice s = Sluice.builder().endpoint(stub.url()).pugKey("prv_x").build()) {
            assertThatThrownBy(() -> s.analytics().profiles().getByExternalId(null))
                    .isInstanceOf(SluiceException.class).hasMessageContaining("externalId is required")
                    .extracting(e -> ((SluiceException) e).code()).isEqualTo("invalid_argument");
            assertThatThrownBy(() -> s.analytics().profiles().get("")).isInstanceOf(SluiceException.class);
            assertThat(stub.requests()).isEmpty(); // refused before any request
        }
    }

    @Test
    void aTaskWithoutTitleIsRefusedAtTheBuilder() {
        assertThatThrownBy(() -> Task.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("title is required");
        assertThatThrownBy(() -> Task.builder("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeReturnsEveryItemDroppedWhileClosingAsTheCountersDo() {
        // the server fails every request: during the drain, batches run out of retries (not leftovers)
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(503, "{}"))) {
            Sluice s = Sluice.builder().endpoint(stub.url()).openSentryKey("os_x").onError(recorder)
                    .batch(new BatchConfig(5, 10_000, 1000)).circuitBreaker(1_000, Duration.ofSeconds(1))
                    .retry(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(5)).build();
            for (int i = 0; i < 40; i++) {
                s.captureException(new RuntimeException("e" + i));
            }
            long droppedBefore = s.stats().of(Family.ERRORS).droppedTotal();
            int returned = s.close(Duration.ofSeconds(5));
            long droppedDuring = s.stats().of(Family.ERRORS).droppedTotal() - droppedBefore;
            assertThat(returned).isEqualTo(40).isEqualTo((int) droppedDuring);
            assertThat(recorder.reasons()).contains(DropReason.RETRIES_EXHAUSTED);
            assertThat(recorder.items).hasSize(40);
        }
    }

    @Test
    void dropReportsRunOffTheCallersThreadAndNoneIsLost() throws IOException {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        Set<String> threads = ConcurrentHashMap.newKeySet();
        long[] reported = new long[1];
        ErrorHandler slow = (error, items) -> {
            threads.add(Thread.currentThread().getName());
            synchronized (reported) {
                reported[0] += items.isEmpty() ? Long.parseLong(error.message().split(" ")[0]) : items.size();
            }
            try {
                Thread.sleep(1); // a handler that logs: slow next to a capture
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        int n = 20_000;
        Sluice s = Sluice.builder().endpoint("http://127.0.0.1:" + port).openSentryKey("os_x").onError(slow)
                .batch(new BatchConfig(20, 60_000, 10)).closeOnShutdown(false).build();
        for (int i = 0; i < n; i++) {
            s.errors().captureException(null);                  // INVALID, refused at the call
        }
        s.flush(Duration.ofSeconds(60));
        long invalid = s.stats().of(Family.ERRORS).dropped().get(DropReason.INVALID);
        s.close(Duration.ofMillis(100));
        assertThat(invalid).isEqualTo(n);
        assertThat(reported[0]).isEqualTo(n);                   // coalesced reports carry the rest of the count
        assertThat(threads).containsExactly("sluice-drop-reports");
    }

    @Test
    void samplingDropsWithoutReportingAndNeverSamplesGenerations() {
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(202, "{\"id\":\"x\"}"));
             Sluice s = Sluice.builder().endpoint(stub.url()).openSentryKey("os_x").onError(recorder)
                     .sampleRate(0.0).tracesSampleRate(0.0).build()) {
            for (int i = 0; i < 10; i++) {
                s.captureException(new RuntimeException("sampled out"));
                try (Transaction tx = s.startTransaction("GET /x")) {
                    tx.status(Transaction.Status.OK);
                }
            }
            s.captureGeneration(Generation.builder("openai", "gpt-4o").inputTokens(1).build());
            assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
            String bodies = String.join("\n", stub.requests("/v1/ingest").stream().map(StubServer.Req::text).toList());
            assertThat(bodies).contains("ai_generation").doesNotContain("sampled out").doesNotContain("GET /x");
            assertThat(s.stats().of(Family.ERRORS).dropped().get(DropReason.SAMPLED)).isEqualTo(20);
            assertThat(recorder.errors).isEmpty();
        }
        assertThatThrownBy(() -> Sluice.builder().sampleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeSendsTheShutdownHeartbeat() {
        try (StubServer stub = new StubServer(r -> StubServer.Resp.json(200,
                "{\"ok\":true,\"directives\":{\"pause_ingest\":false,\"pause_until_ms\":null,\"commands\":[]}}"))) {
            Sluice s = Sluice.builder().endpoint(stub.url()).traceStaxKey("ts_live_x").closeOnShutdown(false).build();
            stub.await(r -> r.path().equals("/v1/heartbeat"), 1, Duration.ofSeconds(10));
            s.close(Duration.ofSeconds(5));
            List<Map<String, Object>> beats = stub.requests("/v1/heartbeat").stream()
                    .map(r -> JsonParser.object(r.text())).toList();
            assertThat(beats.get(beats.size() - 1)).containsEntry("shutdown", true);
            assertThat(beats.get(0)).doesNotContainKey("shutdown");
        }
    }
}
