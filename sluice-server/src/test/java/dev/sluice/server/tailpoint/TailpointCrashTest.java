package dev.sluice.server.tailpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.ServerProcess;
import dev.sluice.server.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 Tailpoint events over 500 dedupe keys, each with its own idempotency key; the server is SIGKILLed
 * mid-way and restarted, then every event is sent again (a client retrying everything). Every acknowledged
 * answer must replay identically (same task, same count, {@code idempotent:true}), and each key ends with
 * exactly 20 occurrences on exactly one task: nothing acknowledged was lost, nothing counted twice.
 */
class TailpointCrashTest {

    private static final int EVENTS = 10_000;
    private static final int KEYS = 500;
    private static final int CLIENTS = 8;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Ack(int status, long taskId, long count, boolean idempotent) {
    }

    @Test
    void acknowledgedCountsSurviveSigkill() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        ServerProcess first = ServerProcess.start(data, Optional.empty());
        String key = first.secret("tailpoint-live key").orElseThrow();
        String admin = first.adminToken().orElseThrow();
        // The default 100 requests/min per key would throttle the test itself.
        HttpResponse<String> raised = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl()
                        + "/api/projects/default/task-settings")).header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"ratePerMinute\":1000000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raised.statusCode()).isEqualTo(200);
        Map<Integer, Ack> acks = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < EVENTS; i = next.getAndIncrement()) {
                    Optional<Ack> ack = send(first.baseUrl(), key, i);
                    if (ack.isEmpty()) {
                        return; // the server is gone
                    }
                    acks.put(i, ack.get());
                }
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acks.size() < EVENTS / 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        first.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acks.size()).as("acknowledged before the kill").isBetween(1, EVENTS - 1);

        try (ServerProcess second = ServerProcess.start(data, Optional.empty())) {
            for (int i = 0; i < EVENTS; i++) {
                Ack replay = send(second.baseUrl(), key, i).orElseThrow();
                Ack original = acks.get(i);
                if (original != null) {
                    assertThat(replay).as("replay of acknowledged event %d", i)
                            .isEqualTo(new Ack(original.status(), original.taskId(), original.count(), true));
                }
            }
            List<JsonNode> tasks = new ApiClient(second.baseUrl(), admin).all("/api/projects/default/tasks", 200);
            assertThat(tasks).hasSize(KEYS);
            assertThat(tasks).allSatisfy(t -> assertThat(t.get("occurrenceCount").asLong()).isEqualTo(EVENTS / KEYS));
        }
    }

    /** One event; empty when the server did not answer (killed). */
    private Optional<Ack> send(String base, String key, int i) {
        String body = "{\"source\":\"sdk\",\"title\":\"job " + (i % KEYS) + " failed\",\"dedupeKey\":\"key-"
                + (i % KEYS) + "\",\"idempotencyKey\":\"event-" + i + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest/tasks"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200 && res.statusCode() != 201) {
                throw new AssertionError("event " + i + ": " + res.statusCode() + " " + res.body());
            }
            JsonNode b = Json.MAPPER.readTree(res.body());
            return Optional.of(new Ack(res.statusCode(), b.get("taskId").asLong(), b.get("occurrenceCount").asLong(),
                    b.get("idempotent").asBoolean()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
