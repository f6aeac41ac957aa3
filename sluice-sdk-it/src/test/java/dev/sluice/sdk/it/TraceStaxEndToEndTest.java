package dev.sluice.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.sdk.Directives;
import dev.sluice.sdk.JobMonitor;
import dev.sluice.sdk.LineageChild;
import dev.sluice.sdk.QueueSnapshot;
import dev.sluice.sdk.Sluice;
import dev.sluice.sdk.internal.Worker;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's TraceStax family against the real Sluice server on loopback. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TraceStaxEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestServer server;
    private Sluice sluice;
    private final AtomicInteger drops = new AtomicInteger();

    @BeforeEach
    void start(StoreKind kind) {
        server = kind.start(dir);
        sluice = Sluice.builder().endpoint(server.baseUrl()).traceStaxKey(server.key(KeyKind.TRACESTAX_LIVE))
                .heartbeatInterval(Duration.ofHours(1)).batch(new dev.sluice.sdk.BatchConfig(100, 20, 1000))
                .onError((e, items) -> drops.addAndGet(items.size())).build();
    }

    @AfterEach
    void stop() {
        sluice.close();
        server.close();
    }

    private JsonNode api(String path) throws Exception {
        return JSON.readTree(server.get(path).body());
    }

    @Test
    void runsArriveWithStatusesAttemptsAndErrors() throws Exception {
        JobMonitor jobs = sluice.jobs().monitor("emails");
        JobMonitor.Run ok = jobs.start("SendWelcome", "run-ok", 1);
        ok.succeeded();
        JobMonitor.Run bad = jobs.start("ChargeCard", "run-bad", 1);
        bad.failed(new IllegalStateException("card declined"));
        int[] calls = {0};
        assertThat(jobs.runWithRetries("Flaky", 3, () -> ++calls[0] < 2 ? fail() : "done")).isEqualTo("done");
        assertThatThrownBy(() -> jobs.wrap("Boom", (Runnable) () -> {
            throw new IllegalArgumentException("boom");
        }).run()).hasMessage("boom");
        assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(drops.get()).isZero();

        assertThat(api("/api/projects/default/jobs/runs/run-ok").get("status").asText()).isEqualTo("succeeded");
        JsonNode failed = api("/api/projects/default/jobs/runs/run-bad");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").toString()).contains("card declined");
        JsonNode runs = api("/api/projects/default/jobs/runs").get("items");
        assertThat(runs).hasSize(4);
        JsonNode flaky = java.util.stream.StreamSupport.stream(runs.spliterator(), false)
                .filter(r -> r.toString().contains("Flaky")).findFirst().orElseThrow();
        assertThat(flaky.get("status").asText()).isEqualTo("succeeded");
        assertThat(flaky.get("attempts").asInt()).isEqualTo(2);
    }

    private static String fail() throws java.io.IOException {
        throw new java.io.IOException("timeout");
    }

    @Test
    void heartbeatsSnapshotsLineageAndThreadDumpCommands() throws Exception {
        assertThat(sluice.jobs().heartbeat()).isEqualTo(Directives.none());
        assertThat(api("/api/projects/default/jobs/workers").toString()).contains(Worker.key());

        HttpRequest cmd = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/projects/default/jobs/commands"))
                .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workerKey\":\"" + Worker.key()
                        + "\",\"type\":\"thread_dump\"}")).build();
        assertThat(server.send(cmd).statusCode()).isEqualTo(201);
        Directives d = sluice.jobs().heartbeat();
        assertThat(d.threadDumpCommandIds()).hasSize(1);

        sluice.jobs().monitor("emails");
        sluice.jobs().snapshots(() -> List.of(new QueueSnapshot("emails", 12, 2, 1)));
        sluice.jobs().lineage("parent-1", "chain-1", List.of(new LineageChild("child-1", "Child"),
                new LineageChild("child-2", "Child")));
        sluice.jobs().snapshotNow();
        assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(drops.get()).isZero();

        JsonNode dumps = api("/api/projects/default/jobs/dumps").get("items");
        assertThat(dumps).hasSize(1);
        assertThat(api("/api/projects/default/jobs/lineage/chain-1").get("edges")).hasSize(2);
        JsonNode points = api("/api/projects/default/jobs/queues?queue=emails").get("items");
        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("depth").asLong()).isEqualTo(12);
    }

    @Test
    void aServerPauseDirectiveHoldsEventsUntilItEnds() throws Exception {
        long until = System.currentTimeMillis() + 800;
        HttpRequest pause = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/projects/default/jobs/settings"))
                .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"pauseIngest\":true,\"pauseUntilMs\":" + until + "}"))
                .build();
        assertThat(server.send(pause).statusCode()).isEqualTo(200);
        assertThat(sluice.jobs().heartbeat().pauseIngest()).isTrue();
        sluice.jobs().monitor("q").wrap("Held", () -> { }).run();
        assertThat(sluice.flush(Duration.ofMillis(100))).as("paused by the server").isFalse();
        assertThat(api("/api/projects/default/jobs/runs").get("items")).isEmpty();
        assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(until);
        assertThat(api("/api/projects/default/jobs/runs").get("items")).hasSize(1);
    }
}
