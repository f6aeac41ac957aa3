package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sdk.internal.JsonParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TraceStax wire bytes as a loopback stub receives them (tracestax.md). */
class TraceStaxWireTest {

    private final AtomicReference<String> heartbeatAnswer = new AtomicReference<>(
            "{\"ok\":true,\"directives\":{\"pause_ingest\":false,\"pause_until_ms\":null,\"commands\":[]}}");
    private final StubServer stub = new StubServer(req -> req.path().equals("/v1/heartbeat")
            ? StubServer.Resp.json(200, heartbeatAnswer.get())
            : StubServer.Resp.json(202, "{\"ok\":true}"));
    private final Recorder recorder = new Recorder();
    private final Sluice sluice = Sluice.builder().endpoint(stub.url()).traceStaxKey("ts_live_abc")
            .heartbeatInterval(Duration.ofHours(1)).batch(new BatchConfig(100, 50, 1000)).onError(recorder).build();

    @AfterEach
    void close() {
        sluice.close();
        stub.close();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events() {
        return stub.requests("/v1/ingest").stream()
                .flatMap(r -> ((List<Map<String, Object>>) JsonParser.object(r.text()).get("events")).stream()).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void wrappedJobsReportLifecycleWithDurationsAndErrors() throws Exception {
        JobMonitor jobs = sluice.jobs().monitor("emails");
        jobs.wrap("SendWelcome", () -> { }).run();
        Runnable failing = jobs.wrap("ChargeCard", (Runnable) () -> {
            throw new IllegalStateException("card declined");
        });
        assertThatThrownBy(failing::run).hasMessage("card declined"); // the job's failure passes through
        int[] calls = {0};
        String v = jobs.runWithRetries("Flaky", 3, () -> {
            if (++calls[0] < 2) {
                throw new java.io.IOException("timeout");
            }
            return "done";
        });
        assertThat(v).isEqualTo("done");
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();

        List<Map<String, Object>> events = events();
        assertThat(events).extracting(e -> ((Map<?, ?>) e.get("task")).get("name") + ":" + e.get("status"))
                .containsExactly("SendWelcome:started", "SendWelcome:succeeded", "ChargeCard:started",
                        "ChargeCard:failed", "Flaky:started", "Flaky:retried", "Flaky:started", "Flaky:succeeded");
        Map<String, Object> failed = events.get(3);
        assertThat(failed).containsEntry("type", "task_event").containsEntry("language", "java")
                .containsEntry("framework", "generic").containsEntry("sdk_version", "0.1.0");
        assertThat((Map<String, Object>) failed.get("error")).containsEntry("type", "java.lang.IllegalStateException")
                .containsEntry("message", "card declined").containsKey("stack_trace");
        assertThat((Map<String, Object>) failed.get("task")).containsEntry("queue", "emails").containsEntry("attempt", 1L);
        assertThat(((Map<?, ?>) failed.get("metrics")).get("duration_ms")).isInstanceOf(Long.class);
        assertThat(((Map<?, ?>) events.get(6).get("task")).get("attempt")).isEqualTo(2L);
        Map<String, Object> worker = (Map<String, Object>) failed.get("worker");
        assertThat(worker.keySet()).contains("key", "hostname", "pid", "queues", "concurrency");
        StubServer.Req req = stub.requests("/v1/ingest").get(0);
        assertThat(req.header("Authorization")).isEqualTo("Bearer ts_live_abc");
        assertThat(req.header("X-Api-Key")).isEqualTo("ts_live_abc");
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void executorDecoratorMonitorsEverySubmittedTask() throws Exception {
        ExecutorService pool = sluice.jobs().monitor("default").decorate(Executors.newFixedThreadPool(2));
        pool.submit(() -> 42).get();
        pool.execute(() -> { });
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events()).extracting(e -> e.get("status"))
                .containsExactlyInAnyOrder("started", "succeeded", "started", "succeeded");
    }

    @Test
    void heartbeatDirectivesPauseIngestAndRequestThreadDumps() {
        long until = System.currentTimeMillis() + 700;
        heartbeatAnswer.set("{\"ok\":true,\"directives\":{\"pause_ingest\":true,\"pause_until_ms\":" + until
                + ",\"commands\":[{\"id\":\"cmd-1\",\"type\":\"thread_dump\"},{\"id\":\"x\",\"type\":\"other\"}]}}");
        Directives d = sluice.jobs().heartbeat();
        assertThat(d.pauseIngest()).isTrue();
        assertThat(d.threadDumpCommandIds()).containsExactly("cmd-1");

        sluice.jobs().monitor("q").wrap("Paused", () -> { }).run();
        assertThat(sluice.flush(Duration.ofMillis(100))).as("paused: nothing may be sent yet").isFalse();
        assertThat(stub.requests("/v1/ingest")).isEmpty();
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue(); // the pause ends by itself
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(until);
        assertThat(events()).hasSize(2);

        Map<String, Object> dump = JsonParser.object(stub.requests("/v1/dump").get(0).text());
        assertThat(dump).containsEntry("cmd_id", "cmd-1").containsEntry("language", "java").containsKey("worker_key");
        assertThat((String) dump.get("dump_text")).contains("sluice-jobs-heartbeat");

        Map<String, Object> beat = JsonParser.object(stub.requests("/v1/heartbeat").get(0).text());
        assertThat(beat).containsEntry("framework", "generic").containsEntry("language", "java")
                .containsKeys("worker", "timestamp");
    }

    @Test
    void snapshotsFromTheSupplierAndLineage() {
        sluice.jobs().snapshots(() -> List.of(new QueueSnapshot("emails", 12, 2, 1)));
        sluice.jobs().beat();
        sluice.jobs().lineage("p1", "c1", List.of(new LineageChild("k1", "Child")));
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        Map<String, Object> snap = JsonParser.object(stub.requests("/v1/snapshot").get(0).text());
        assertThat(snap).containsEntry("type", "snapshot").containsEntry("framework", "generic")
                .containsKeys("worker_key", "timestamp");
        assertThat(snap.get("queues")).isEqualTo(List.of(Map.of("name", "emails", "depth", 12L, "active", 2L,
                "failed", 1L, "throughput_per_min", 0L)));
        Map<String, Object> lineage = JsonParser.object(stub.requests("/v1/lineage").get(0).text());
        assertThat(lineage).isEqualTo(Map.of("parent_id", "p1", "chain_id", "c1",
                "children", List.of(Map.of("id", "k1", "task_name", "Child"))));
        sluice.jobs().lineage("p", "c", List.of());
        sluice.flush(Duration.ofSeconds(5)); // drop reports run on the SDK's reporter thread
        assertThat(recorder.reasons()).containsExactly(DropReason.INVALID);
    }
}
