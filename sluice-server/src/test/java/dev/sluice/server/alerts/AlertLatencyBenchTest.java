package dev.sluice.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, skipped unless {@code -Dbench=true} (no assertions): alert latency from the 202 of the request whose
 * commit decided a new-issue alert to the webhook receiver, under ~1,000 background events/s. Run with
 * {@code ./mvnw -pl sluice-server -am test -Dtest=AlertLatencyBenchTest -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "bench", matches = "true")
class AlertLatencyBenchTest {

    @Test
    void alertLatencyUnderLoad() throws Exception {
        Path dir = Files.createTempDirectory("alert-bench");
        AlertConfig config = AlertConfig.defaults().withTimings(Duration.ofMillis(20), Duration.ofHours(1),
                Duration.ofMillis(100), Duration.ofSeconds(1), 5);
        Map<String, Long> acked = new ConcurrentHashMap<>();
        List<Long> ingestMillis = Collections.synchronizedList(new ArrayList<>());
        try (Receiver receiver = Receiver.start(0, List.of());
             TestServer s = TestServer.start(ServerConfig.defaults(dir), config)) {
            s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/alert-rules"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"new_issue\",\"cooldownSeconds\":0,"
                            + "\"channels\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}]}")).build());
            AtomicBoolean running = new AtomicBoolean(true);
            String batch = "[" + String.join(",", Collections.nCopies(10,
                    "{\"type\":\"error\",\"exception\":{\"type\":\"Load\",\"value\":\"same\"}}")) + "]";
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                load.add(Thread.ofVirtual().start(() -> {
                    long next = System.nanoTime();
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        s.ingest(batch);
                        ingestMillis.add((System.nanoTime() - t0) / 1000);
                        next += 40_000_000L; // 4 threads × 10 items / 40 ms = 1,000 events/s
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                }));
            }
            Thread.sleep(3000); // warm-up
            List<Long> latencies = new ArrayList<>();
            int alerts = 200;
            Thread probe = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < alerts; i++) {
                    // Letters only (g-z, no hex digits): grouping v2 replaces numbers and hex in messages, so
                    // "bench-1", "bench-2" … would all be one issue and fire one alert.
                    String title = "bench " + word(i);
                    s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"New\",\"value\":\"" + title + "\"}}");
                    acked.put("New: " + title, System.nanoTime());
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                }
            });
            for (int got = 0; got < alerts; got++) {
                Receiver.Request r = receiver.next(30);
                JsonNode body = Json.MAPPER.readTree(r.body());
                Long at = acked.get(body.get("issueTitle").asText());
                long when = r.receivedNanos();
                // The 202 may be recorded a hair after the receiver saw the alert; count that as 0.
                latencies.add(at == null ? 0 : Math.max(0, when - at) / 1000);
            }
            probe.join();
            running.set(false);
            for (Thread t : load) {
                t.join();
            }
            Collections.sort(latencies);
            List<Long> ingest = new ArrayList<>(ingestMillis);
            Collections.sort(ingest);
            double load1 = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf("ALERT-BENCH alerts=%d p50=%.1fms p99=%.1fms | ingest requests=%d p50=%.1fms p99=%.1fms"
                            + " | load1=%.1f%n", latencies.size(), latencies.get(latencies.size() / 2) / 1000.0,
                    latencies.get((int) (latencies.size() * 0.99)) / 1000.0, ingest.size(),
                    ingest.get(ingest.size() / 2) / 1000.0, ingest.get((int) (ingest.size() * 0.99)) / 1000.0, load1);
        }
    }

    private static String word(int i) {
        StringBuilder w = new StringBuilder();
        int n = i;
        do {
            w.append((char) ('g' + n % 20));
            n /= 20;
        } while (n > 0);
        return w.toString();
    }
}
