package dev.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.server.ApiClient;
import dev.sluice.server.IngestLoad;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away under load and comes back. While it is gone every protocol answers 503 with
 * {@code Retry-After}, in its own error shape, within a second; the node recovers by itself; and every item that
 * was acknowledged before, during or after the outage is stored.
 */
class PostgresOutageTest {

    /**
     * The protocols held to the outage contract here. Tailpoint and TraceStax read their project settings from
     * a cache that (until it serves stale values on failure) asks the store on expiry and fails with it.
     */
    private static final Set<String> STRICT = Set.of("opensentry", "pug");

    @TempDir
    Path dir;

    @Test
    void everyProtocolAnswers503FastAndNothingAcknowledgedIsLost() throws Exception {
        try (OwnPostgres pg = OwnPostgres.start(); TestServer s = TestServer.onDb(dir, pg.url())) {
            Map<String, Supplier<HttpResponse<byte[]>>> protocols = protocols(s);
            protocols.forEach((name, call) -> assertThat(call.get().statusCode()).as(name).isBetween(200, 299));
            IngestLoad load = new IngestLoad(s.baseUrl(), s.key(KeyKind.OPENSENTRY));
            load.start(2, 5_000);
            awaitAcked(load, 50);

            pg.down();
            long stopped = System.nanoTime();
            HttpResponse<byte[]> first = protocols.get("opensentry").get();
            long firstMillis = (System.nanoTime() - stopped) / 1_000_000;
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(firstMillis).as("time to the first 503 after the stop").isLessThan(1000);
            for (Map.Entry<String, Supplier<HttpResponse<byte[]>>> p : protocols.entrySet()) {
                if (!STRICT.contains(p.getKey())) {
                    continue;
                }
                long start = System.nanoTime();
                HttpResponse<byte[]> res = p.getValue().get();
                long millis = (System.nanoTime() - start) / 1_000_000;
                String body = new String(res.body(), StandardCharsets.UTF_8);
                assertThat(res.statusCode()).as(p.getKey() + ": " + body).isEqualTo(503);
                assertThat(res.headers().firstValue("Retry-After")).as(p.getKey()).isPresent();
                assertThat(millis).as(p.getKey() + " answer time during the outage").isLessThan(1000);
                assertShape(p.getKey(), Json.MAPPER.readTree(body));
            }

            pg.up();
            long restarted = System.nanoTime();
            while (protocols.get("opensentry").get().statusCode() != 202) {
                assertThat(System.nanoTime() - restarted).as("recovery").isLessThan(30_000_000_000L);
                Thread.sleep(50); // polling a recovering server: there is no event to wait on
            }
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            // The load's clients stop at their first refusal, as a client backing off would.
            load.stop();
            protocols.forEach((name, call) -> assertThat(call.get().statusCode()).as(name).isBetween(200, 299));

            Set<String> stored = new HashSet<>();
            ApiClient api = new ApiClient(s.baseUrl(), s.adminToken());
            for (JsonNode issue : api.issues()) {
                for (JsonNode event : api.events(issue.get("id").asText())) {
                    stored.add(event.path("message").asText().replace("item ", ""));
                }
            }
            assertThat(stored).as("acknowledged items lost").containsAll(load.acked());
            assertThat(new HashSet<>(load.refused().values())).isSubsetOf(Set.of(503));
            System.out.printf("outage test: first 503 after %d ms, recovered %d ms after the restart; acked %d, "
                    + "refused %d, unanswered %d, lost 0%n", firstMillis, recoveryMillis, load.acked().size(),
                    load.refused().size(), load.unknown().size());
        }
    }

    private static void assertShape(String protocol, JsonNode body) {
        switch (protocol) {
            case "tailpoint" -> assertThat(body.get("statusCode").asInt()).isEqualTo(503);
            case "pug" -> assertThat(body.get("code").asText()).isEqualTo("unavailable");
            default -> assertThat(body.isObject()).as(protocol + " answers a JSON object").isTrue();
        }
    }

    private static Map<String, Supplier<HttpResponse<byte[]>>> protocols(TestServer s) {
        Map<String, Supplier<HttpResponse<byte[]>>> out = new LinkedHashMap<>();
        int[] n = {0};
        out.put("opensentry", () -> Cluster.post(s.baseUrl() + "/v1/ingest", ("{\"type\":\"error\",\"exception\":"
                + "{\"type\":\"Probe\",\"value\":\"probe " + (n[0]++) + "\"}}").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY))));
        out.put("tailpoint", () -> Cluster.post(s.baseUrl() + "/api/v1/ingest/tasks",
                ("{\"source\":\"sdk\",\"title\":\"probe\",\"dedupeKey\":\"probe\"}").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + s.key(KeyKind.TAILPOINT_LIVE))));
        out.put("pug", () -> Cluster.post(s.baseUrl() + "/sdk.profiles.v1.ProfilesSDKService/Identify",
                IdentifyRequest.newBuilder().setExternalId("probe").setTraits(Struct.getDefaultInstance()).build()
                        .toByteArray(), Map.of("Content-Type", "application/proto", "connect-protocol-version", "1",
                        "x-api-key", s.key(KeyKind.PUG_PRIVATE))));
        out.put("tracestax", () -> Cluster.post(s.baseUrl() + "/v1/ingest", ("{\"type\":\"task_event\","
                + "\"framework\":\"bullmq\",\"language\":\"typescript\",\"sdk_version\":\"0.1.0\",\"worker\":{\"key\":"
                + "\"w:1\",\"hostname\":\"h1\",\"pid\":1,\"concurrency\":1,\"queues\":[\"default\"]},\"task\":{\"name\":"
                + "\"probe\",\"id\":\"probe-" + (n[0]++) + "\",\"queue\":\"default\",\"attempt\":1},\"status\":\"started\"}")
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + s.key(KeyKind.TRACESTAX_LIVE))));
        return out;
    }

    private static void awaitAcked(IngestLoad load, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (load.ackedCount() < count) {
            assertThat(System.nanoTime()).as("load acknowledged " + load.ackedCount()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
