package dev.sluice.server.tracestax;

import static dev.sluice.server.tracestax.TraceStaxContractTest.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs, issues, dedupe and lineage through the real server, on SQLite and on PostgreSQL. */
class TraceStaxDomainTest {

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    TestServer start(String kind) {
        return kind.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static String error(String type, String message) {
        return "\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\",\"stack_trace\":\"at x\"}";
    }

    @ParameterizedTest
    @MethodSource("stores")
    void runsAreAssembledAcrossAttemptsAndArrivalOrder(String kind) {
        try (TestServer s = start(kind)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            assertOk(ts.post("/v1/ingest", TsClient.event("a", "started", 1, "w:1")), 202);
            assertOk(ts.post("/v1/ingest", TsClient.event("a", "job", "failed", 1, "w:1",
                    error("Boom", "db down") + ",\"metrics\":{\"duration_ms\":30}")), 202);
            JsonNode failed = ts.api("/api/projects/default/jobs/runs/a");
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.at("/error/type").asText()).isEqualTo("Boom");
            assertThat(failed.get("issueId").asText()).isNotBlank();
            assertOk(ts.post("/v1/ingest", "{\"events\":[" + TsClient.event("a", "started", 2, "w:2") + ","
                    + TsClient.event("a", "job", "succeeded", 2, "w:2", "\"metrics\":{\"duration_ms\":50,\"queued_ms\":7}")
                    + "]}"), 202);
            JsonNode run = ts.api("/api/projects/default/jobs/runs/a");
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("attempts").asInt()).isEqualTo(2);
            assertThat(run.get("durationMs").asDouble()).isEqualTo(50);
            assertThat(run.get("queuedMs").asDouble()).isEqualTo(7);
            assertThat(run.get("workerKey").asText()).isEqualTo("w:2");
            assertThat(run.has("error")).isFalse();
            assertThat(run.get("events")).hasSize(4);
            // The finish arriving before the start still ends the run.
            assertOk(ts.post("/v1/ingest", TsClient.event("b", "succeeded", 1, "w:1")), 202);
            assertOk(ts.post("/v1/ingest", TsClient.event("b", "started", 1, "w:1")), 202);
            JsonNode b = ts.api("/api/projects/default/jobs/runs/b");
            assertThat(b.get("status").asText()).isEqualTo("succeeded");
            assertThat(b.has("startedAt")).isTrue();
            assertThat(ts.api("/api/projects/default/jobs/runs?status=succeeded").get("items")).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void failedRunsGroupIntoIssuesOfTheIssuesApi(String kind) {
        try (TestServer s = start(kind)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            for (int i = 0; i < 5; i++) {
                assertOk(ts.post("/v1/ingest", TsClient.event("f" + i, "job", "failed", 1, "w", error("Timeout", "slow"))), 202);
            }
            assertOk(ts.post("/v1/ingest", TsClient.event("g", "job", "timeout", 1, "w", error("Other", "x"))), 202);
            assertOk(ts.post("/v1/ingest", TsClient.event("h", "job", "retried", 1, "w", error("Other", "x"))), 202);
            JsonNode issues = ts.api("/api/projects/default/issues").get("items");
            assertThat(issues).hasSize(2);
            JsonNode timeout = issues.findParents("title").stream()
                    .filter(i -> i.get("title").asText().equals("Timeout: slow")).findFirst().orElseThrow();
            assertThat(timeout.get("count").asLong()).isEqualTo(5);
            assertThat(ts.api("/api/projects/default/jobs/runs/f3").get("issueId").asText())
                    .isEqualTo(timeout.get("id").asText());
            JsonNode occurrence = ts.api("/api/projects/default/issues/" + timeout.get("id").asText()).at("/recentEvents/items/0");
            assertThat(occurrence.at("/job/task_name").asText()).isEqualTo("job");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aResendStormStoresEveryEventOnce(String kind) throws Exception {
        try (TestServer s = start(kind)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(TsClient.event("s" + i, "started", 1, "w"));
                events.add(TsClient.event("s" + i, "job", i % 3 == 0 ? "failed" : "succeeded", 1, "w",
                        error("E", "same") + ",\"metrics\":{\"duration_ms\":" + (i + 1) + "}"));
            }
            String batch = "{\"events\":[" + String.join(",", events) + "]}";
            // The batch twice within itself, then resent from 4 clients at once, 10 times each.
            assertOk(ts.post("/v1/ingest", "{\"events\":[" + String.join(",", events) + "," + String.join(",", events) + "]}"), 202);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    sent.add(pool.submit(() -> ts.post("/v1/ingest", batch).statusCode()));
                }
                for (Future<Integer> f : sent) {
                    assertThat(f.get()).isEqualTo(202);
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode runs = ts.api("/api/projects/default/jobs/runs?limit=200").get("items");
            assertThat(runs).hasSize(10);
            Set<String> ids = new HashSet<>();
            runs.forEach(r -> ids.add(r.get("taskId").asText()));
            assertThat(ids).hasSize(10);
            assertThat(ts.api("/api/projects/default/jobs/runs/s3").get("events")).hasSize(2);
            assertThat(ts.api("/api/projects/default/jobs/settings").get("usedThisMonth").asLong()).isEqualTo(20);
            assertThat(ts.api("/api/projects/default/issues").at("/items/0/count").asLong()).isEqualTo(4);
            JsonNode stats = ts.api("/api/projects/default/jobs/stats").get("items");
            long finished = 0;
            for (JsonNode t : stats) {
                finished += t.get("finished").asLong();
            }
            assertThat(finished).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void lineageAllowsSeveralParentsPerJob(String kind) {
        try (TestServer s = start(kind)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            assertOk(ts.post("/v1/lineage", "{\"parent_id\":\"p1\",\"chain_id\":\"ch\",\"children\":["
                    + "{\"id\":\"c1\",\"task_name\":\"resize\"},{\"id\":\"join\",\"task_name\":\"merge\"}]}"), 202);
            assertOk(ts.post("/v1/lineage", "{\"parent_id\":\"p2\",\"chain_id\":\"ch\",\"children\":["
                    + "{\"id\":\"join\",\"task_name\":\"merge\"}]}"), 202);
            // A task event naming its parent adds an edge too; a resent lineage adds nothing.
            assertOk(ts.post("/v1/ingest", TsClient.event("c2", "resize", "started", 1, "w",
                    "\"task\":{\"name\":\"resize\",\"id\":\"c2\",\"queue\":\"q\",\"attempt\":1,\"parent_id\":\"p1\","
                            + "\"chain_id\":\"ch\"}")), 202);
            assertOk(ts.post("/v1/lineage", "{\"parent_id\":\"p2\",\"chain_id\":\"ch\",\"children\":["
                    + "{\"id\":\"join\",\"task_name\":\"merge\"}]}"), 202);
            JsonNode graph = ts.api("/api/projects/default/jobs/lineage/ch");
            assertThat(graph.get("edges")).hasSize(4);
            List<String> parentsOfJoin = new ArrayList<>();
            graph.get("edges").forEach(e -> {
                if (e.get("childId").asText().equals("join")) {
                    parentsOfJoin.add(e.get("parentId").asText());
                }
            });
            assertThat(parentsOfJoin).containsExactlyInAnyOrder("p1", "p2");
            assertThat(graph.get("nodes").toString()).contains("\"taskId\":\"c2\"", "\"status\":\"started\"");
            // A parent's own run (which named no chain) still shows its status.
            assertOk(ts.post("/v1/ingest", TsClient.event("p1", "fanout", "succeeded", 1, "w", "")), 202);
            JsonNode p1 = ts.api("/api/projects/default/jobs/lineage/ch").get("nodes").findParents("taskId").stream()
                    .filter(n -> n.get("taskId").asText().equals("p1")).findFirst().orElseThrow();
            assertThat(p1.get("status").asText()).isEqualTo("succeeded");
            assertThat(ts.api("/api/projects/default/jobs/lineage/other").get("edges")).isEmpty();
        }
    }
}
