package dev.sluice.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.sdk.ErrorOptions;
import dev.sluice.sdk.Severity;
import dev.sluice.sdk.Sluice;
import dev.sluice.sdk.SluiceError;
import dev.sluice.sdk.Task;
import dev.sluice.sdk.TaskOutcome;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's Tailpoint family against the real Sluice server on loopback. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TailpointEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestServer server;
    private Sluice sluice;
    private final List<SluiceError> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(StoreKind kind) {
        server = kind.start(dir);
        sluice = Sluice.builder().endpoint(server.baseUrl()).tailpointKey(server.key(KeyKind.TAILPOINT_LIVE))
                .onError((e, items) -> errors.add(e)).build();
    }

    @AfterEach
    void stop() {
        sluice.close();
        server.close();
    }

    private static TaskOutcome await(java.util.concurrent.CompletionStage<TaskOutcome> s) {
        return s.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private JsonNode tasks() throws Exception {
        return JSON.readTree(server.get("/api/projects/default/tasks").body()).get("items");
    }

    @Test
    void captureCreatesThenDedupes() throws Exception {
        Task task = Task.builder("Payment webhook failing").severity(Severity.HIGH).priority(2)
                .dedupeKey("webhook:stripe").metadata("region", "eu").build();
        TaskOutcome first = await(sluice.capture(task));
        assertThat(first.status()).isEqualTo(TaskOutcome.Status.CREATED);
        assertThat(first.occurrenceCount()).isEqualTo(1);
        assertThat(first.taskId()).isPresent();
        assertThat(first.idempotent()).isFalse();
        TaskOutcome second = await(sluice.capture(task));
        assertThat(second.status()).isEqualTo(TaskOutcome.Status.DEDUPED);
        assertThat(second.occurrenceCount()).isEqualTo(2);
        assertThat(second.taskId()).isEqualTo(first.taskId());
        assertThat(tasks()).hasSize(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void captureErrorDerivesAStableDedupeKey() throws Exception {
        TaskOutcome a = await(sluice.captureError(fail("order 1001 not found"), ErrorOptions.defaults()));
        TaskOutcome b = await(sluice.captureError(fail("order 2002 not found"), ErrorOptions.builder()
                .metadata("tenant", "acme").build()));
        assertThat(a.status()).isEqualTo(TaskOutcome.Status.CREATED);
        assertThat(b.status()).isEqualTo(TaskOutcome.Status.DEDUPED);
        assertThat(b.taskId()).isEqualTo(a.taskId());
        JsonNode t = tasks().get(0);
        assertThat(t.get("title").asText()).isEqualTo("IllegalStateException: order 1001 not found");
        assertThat(t.toString()).contains("err:");
    }

    private static IllegalStateException fail(String message) {
        return new IllegalStateException(message);
    }

    @Test
    void anExplicitIdempotencyKeyReplaysTheStoredOutcome() {
        Task task = Task.builder("Nightly export failed").idempotencyKey("run-2026-01-01").build();
        TaskOutcome first = await(sluice.capture(task));
        TaskOutcome replay = await(sluice.capture(task));
        assertThat(first.status()).isEqualTo(TaskOutcome.Status.CREATED);
        assertThat(replay.status()).isEqualTo(TaskOutcome.Status.CREATED);
        assertThat(replay.idempotent()).isTrue();
        assertThat(replay.taskId()).isEqualTo(first.taskId());
    }

    @Test
    void testKeysValidateAndBadKeysAreDeadLettered() throws Exception {
        try (Sluice test = Sluice.builder().endpoint(server.baseUrl()).tailpointKey(server.key(KeyKind.TAILPOINT_TEST))
                .build();
             Sluice bad = Sluice.builder().endpoint(server.baseUrl()).tailpointKey("trk_live_" + "0".repeat(48))
                     .onError((e, items) -> errors.add(e)).build()) {
            assertThat(await(test.capture(Task.builder("dry run").build())).status())
                    .isEqualTo(TaskOutcome.Status.VALIDATED);
            TaskOutcome refused = await(bad.capture(Task.builder("x").build()));
            assertThat(refused.status()).isEqualTo(TaskOutcome.Status.DROPPED);
            assertThat(refused.error().orElseThrow().status()).hasValue(401);
            bad.flush(java.time.Duration.ofSeconds(10)); // onError runs on the SDK's reporter thread
            assertThat(errors).hasSize(1);
        }
        assertThat(tasks()).isEmpty();
        assertThat(sluice.stats().of(dev.sluice.sdk.Family.TASKS).dropped().values().stream()
                .mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void manyConcurrentCapturesAllSettle() {
        List<java.util.concurrent.CompletableFuture<TaskOutcome>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(sluice.capture(Task.builder("bulk " + (i % 5)).dedupeKey("bulk-" + (i % 5)).build())
                    .toCompletableFuture());
        }
        java.util.concurrent.CompletableFuture.allOf(all.toArray(new java.util.concurrent.CompletableFuture[0]))
                .orTimeout(60, TimeUnit.SECONDS).join();
        Map<TaskOutcome.Status, Long> byStatus = all.stream().map(java.util.concurrent.CompletableFuture::join)
                .collect(java.util.stream.Collectors.groupingBy(TaskOutcome::status, java.util.stream.Collectors.counting()));
        assertThat(byStatus).containsEntry(TaskOutcome.Status.CREATED, 5L).containsEntry(TaskOutcome.Status.DEDUPED, 45L);
    }
}
