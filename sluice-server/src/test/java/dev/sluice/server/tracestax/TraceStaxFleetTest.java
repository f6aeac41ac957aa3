package dev.sluice.server.tracestax;

import static dev.sluice.server.tracestax.TraceStaxContractTest.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A simulated worker fleet (liveness) and task stats checked against a brute-force computation. */
class TraceStaxFleetTest {

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    TestServer start(String kind) {
        return kind.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static Map<String, String> statuses(TsClient ts) {
        Map<String, String> out = new TreeMap<>();
        ts.api("/api/projects/default/jobs/workers").get("items")
                .forEach(w -> out.put(w.get("workerKey").asText(), w.get("status").asText()));
        return out;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSilentWorkerGoesStaleAndAShutdownOneOffline(String kind) throws InterruptedException {
        try (TestServer s = start(kind)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            HttpResponse<String> set = ts.admin("PUT", "/api/projects/default/jobs/settings",
                    "{\"heartbeatIntervalSeconds\":1,\"staleAfterMissed\":2}");
            assertThat(set.statusCode()).isEqualTo(200);
            for (String w : List.of("w1", "w2", "w3", "silent")) {
                assertOk(ts.post("/v1/heartbeat", TsClient.heartbeat(w, false)), 200);
            }
            assertThat(statuses(ts)).containsEntry("silent", "online");
            assertOk(ts.post("/v1/heartbeat", TsClient.heartbeat("w3", true)), 200);
            long deadline = System.currentTimeMillis() + 8_000;
            Map<String, String> now = statuses(ts);
            for (int round = 0; round < 40 && !"stale".equals(now.get("silent")); round++) {
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                for (String w : List.of("w1", "w2")) {
                    assertOk(ts.post("/v1/heartbeat", TsClient.heartbeat(w, false)), 200);
                }
                now = statuses(ts);
                assertThat(now).containsEntry("w1", "online").containsEntry("w2", "online").containsEntry("w3", "offline");
                Thread.sleep(250);
            }
            assertThat(now).containsEntry("silent", "stale").containsEntry("w1", "online").containsEntry("w3", "offline");
            JsonNode w1 = ts.api("/api/projects/default/jobs/workers").at("/items/0");
            assertThat(w1.get("queues")).hasSize(2);
            assertThat(w1.get("framework").asText()).isEqualTo("celery");
            // A worker that comes back after shutdown is online again.
            assertOk(ts.post("/v1/heartbeat", TsClient.heartbeat("w3", false)), 200);
            assertThat(statuses(ts)).containsEntry("w3", "online");
        }
    }

    /** One run as the test generated it: what the server must conclude. */
    private record Expected(String name, String status, double duration) {
    }

    @ParameterizedTest
    @MethodSource("stores")
    void statsMatchABruteForceComputation(String kind) {
        Random random = new Random(20261122L);
        List<String> names = List.of("email", "resize", "report", "sync");
        List<String> endings = List.of("succeeded", "succeeded", "succeeded", "failed", "timeout", "stalled");
        try (TestServer s = start(kind)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            Instant from = Instant.now().minusSeconds(60);
            List<String> events = new ArrayList<>();
            List<Expected> expected = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                String id = "run-" + i;
                String name = names.get(random.nextInt(names.size()));
                events.add(TsClient.event(id, name, "started", 1, "w", ""));
                int shape = random.nextInt(10);
                if (shape == 0) {
                    continue; // still running: not in stats
                }
                int attempt = 1;
                if (shape == 1) {
                    events.add(TsClient.event(id, name, "retried", 1, "w", "\"metrics\":{\"duration_ms\":999999}"));
                    attempt = 2;
                    events.add(TsClient.event(id, name, "started", 2, "w", ""));
                }
                String ending = endings.get(random.nextInt(endings.size()));
                double duration = Math.round(random.nextDouble() * 500_000) / 100.0;
                events.add(TsClient.event(id, name, ending, attempt, "w",
                        String.format(Locale.ROOT, "\"metrics\":{\"duration_ms\":%.2f}", duration)));
                expected.add(new Expected(name, ending, duration));
            }
            for (int at = 0; at < events.size(); at += 100) {
                String batch = "{\"events\":[" + String.join(",", events.subList(at, Math.min(events.size(), at + 100))) + "]}";
                assertOk(ts.post("/v1/ingest", batch), 202);
                assertOk(ts.post("/v1/ingest", batch), 202); // an SDK re-send changes nothing
            }
            Instant to = Instant.now().plusSeconds(60);
            JsonNode tasks = ts.api("/api/projects/default/jobs/stats?from=" + from + "&to=" + to).get("items");
            Map<String, JsonNode> byName = new HashMap<>();
            tasks.forEach(t -> byName.put(t.get("taskName").asText(), t));
            assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(
                    expected.stream().map(Expected::name).distinct().toList());
            double minutes = (to.toEpochMilli() - from.toEpochMilli()) / 60_000.0;
            for (String name : byName.keySet()) {
                List<Expected> runs = expected.stream().filter(e -> e.name.equals(name)).toList();
                long failed = runs.stream().filter(e -> !e.status.equals("succeeded")).count();
                List<Double> durations = runs.stream().map(Expected::duration).toList();
                JsonNode got = byName.get(name);
                assertThat(got.get("finished").asLong()).as(name).isEqualTo(runs.size());
                assertThat(got.get("failed").asLong()).as(name).isEqualTo(failed);
                // Rates are answered to 4 significant digits.
                assertThat(got.get("failureRate").asDouble()).isCloseTo((double) failed / runs.size(),
                        org.assertj.core.data.Percentage.withPercentage(0.05));
                assertThat(got.get("throughputPerMin").asDouble()).isCloseTo(runs.size() / minutes,
                        org.assertj.core.data.Percentage.withPercentage(0.05));
                assertThat(got.get("p50DurationMs").asDouble()).as(name).isEqualTo(bruteForce(durations, 50));
                assertThat(got.get("p95DurationMs").asDouble()).as(name).isEqualTo(bruteForce(durations, 95));
            }
        }
    }

    /** The smallest value with at least p% of all values at or below it, by trying every value. */
    static double bruteForce(List<Double> values, double p) {
        double best = Double.POSITIVE_INFINITY;
        for (double candidate : values) {
            long atOrBelow = values.stream().filter(v -> v <= candidate).count();
            if (atOrBelow * 100.0 >= p * values.size() && candidate < best) {
                best = candidate;
            }
        }
        return best;
    }
}
