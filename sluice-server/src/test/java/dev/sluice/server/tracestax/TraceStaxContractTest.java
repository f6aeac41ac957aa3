package dev.sluice.server.tracestax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every status and body of the TraceStax spec (§2–§8), against the real server on loopback. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TraceStaxContractTest {

    TestServer server;
    TsClient ts;

    @BeforeEach
    void start(TestServer s) {
        server = s;
        ts = new TsClient(server, server.key(KeyKind.TRACESTAX_LIVE));
    }

    static void assertOk(HttpResponse<String> res, int status) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = TsClient.json(res.body());
        assertThat(body.isObject()).isTrue();
        assertThat(body.get("ok").asBoolean()).isTrue();
    }

    static void assertError(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        JsonNode body = TsClient.json(res.body());
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.at("/error/code").asText()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).isNotBlank();
    }

    @Test
    void singleTaskEventIs202WithAJsonObject() {
        HttpResponse<String> res = ts.post("/v1/ingest", TsClient.event("c-1", "started", 1, "w:1"));
        assertOk(res, 202);
        assertThat(ts.api("/api/projects/default/jobs/runs/c-1").get("status").asText()).isEqualTo("started");
    }

    @Test
    void batchWithMixedTypesIsRoutedByType() {
        String body = "{\"events\":[" + TsClient.event("c-2", "started", 1, "w:1") + ","
                + "{\"framework\":\"celery\",\"language\":\"python\",\"sdk_version\":\"0.1.0\",\"worker\":{\"key\":\"w:1\","
                + "\"hostname\":\"h\",\"pid\":1,\"queues\":[]},\"task\":{\"name\":\"n\",\"id\":\"c-3\",\"queue\":\"q\","
                + "\"attempt\":1},\"status\":\"succeeded\",\"metrics\":{\"duration_ms\":12.5}},"
                + "{\"type\":\"snapshot\",\"framework\":\"sidekiq\",\"worker_key\":\"w:1\",\"timestamp\":\"2026-11-22T06:00:00Z\","
                + "\"queues\":[{\"name\":\"batchq\",\"depth\":7,\"active\":2,\"failed\":1,\"throughput_per_min\":0}]}]}";
        HttpResponse<String> res = ts.post("/v1/ingest", body);
        assertOk(res, 202);
        assertThat(TsClient.json(res.body()).get("accepted").asInt()).isEqualTo(3);
        assertThat(ts.api("/api/projects/default/jobs/runs/c-3").get("durationMs").asDouble()).isEqualTo(12.5);
        JsonNode points = ts.api("/api/projects/default/jobs/queues?queue=batchq&from=2026-11-22T00:00:00Z"
                + "&to=2026-11-23T00:00:00Z").get("points");
        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("depth").asLong()).isEqualTo(7);
    }

    @Test
    void invalidItemsInABatchAreDroppedAndTheRestAccepted() {
        String body = "{\"events\":[" + TsClient.event("c-4", "started", 1, "w:1") + ",{\"task\":{}},42,"
                + "{\"type\":\"mystery\"}]}";
        HttpResponse<String> res = ts.post("/v1/ingest", body);
        assertOk(res, 202);
        JsonNode json = TsClient.json(res.body());
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").asInt()).isEqualTo(3);
    }

    @Test
    void credentialsFromBearerOrXApiKey() {
        String body = TsClient.event("c-5", "started", 1, "w:1");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String key = server.key(KeyKind.TRACESTAX_LIVE);
        assertOk(server.post("/v1/ingest", bytes, Map.of("X-Api-Key", key)), 202);
        assertOk(server.post("/v1/ingest", bytes, Map.of("X-Api-Key", key, "Authorization", "Bearer " + key)), 202);
        assertOk(server.post("/v1/heartbeat", TsClient.heartbeat("w:x", false).getBytes(StandardCharsets.UTF_8),
                Map.of("X-Api-Key", key)), 200);
    }

    @Test
    void badKeysAre401() {
        byte[] body = TsClient.event("c-6", "started", 1, "w:1").getBytes(StandardCharsets.UTF_8);
        assertError(server.post("/v1/heartbeat", body, Map.of()), 401, "unauthorized");
        assertError(server.post("/v1/ingest", body, Map.of("Authorization", "Bearer ts_live_nope")), 401, "unauthorized");
        assertError(server.post("/v1/ingest", body, Map.of("X-Api-Key", "ts_live_nope")), 401, "unauthorized");
        assertError(server.post("/v1/snapshot", body, Map.of("Authorization", "Bearer "
                + server.key(KeyKind.OPENSENTRY))), 401, "unauthorized");
        assertError(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/ping")).build()), 401,
                "unauthorized");
    }

    @Test
    void aRevokedKeyIs401() {
        TsClient other = new TsClient(server, ts.newProjectKey("revoked", "tracestax-live"));
        assertOk(other.ping(), 200);
        String hint = other.key.substring(0, "ts_live_".length() + 6);
        assertThat(ts.admin("DELETE", "/api/admin/keys/" + hint, "").statusCode()).isLessThan(300);
        assertError(other.ping(), 401, "unauthorized");
    }

    @Test
    void notJsonIs400InvalidJson() {
        for (String body : new String[] {"", "{", "nope", "{\"a\":1} trailing", "{'a':1}"}) {
            assertError(ts.post("/v1/ingest", body), 400, "invalid_json");
            assertError(ts.post("/v1/heartbeat", body), 400, "invalid_json");
        }
    }

    @Test
    void unusableEnvelopesAre400ValidationError() {
        String[] bodies = {"[]", "42", "null", "{}", "{\"events\":[]}", "{\"events\":{}}", "{\"task\":{\"id\":\"x\"}}",
            "{\"status\":\"started\"}", "{\"task\":\"x\",\"status\":\"started\"}", "{\"type\":\"nope\"}",
            "{\"events\":[" + (TsClient.event("x", "started", 1, "w") + ",").repeat(1000) + "{}]}"};
        for (String body : bodies) {
            assertError(ts.post("/v1/ingest", body), 400, "validation_error");
        }
        assertError(ts.post("/v1/heartbeat", "{\"framework\":\"x\"}"), 400, "validation_error");
        assertError(ts.post("/v1/snapshot", "{\"framework\":\"x\"}"), 400, "validation_error");
        assertError(ts.post("/v1/dump", "{\"worker_key\":\"w\"}"), 400, "validation_error");
        assertError(ts.post("/v1/lineage", "{\"parent_id\":\"p\",\"chain_id\":\"c\",\"children\":[]}"), 400,
                "validation_error");
    }

    @Test
    void bodiesOver256KbAre413() {
        String big = "{\"pad\":\"" + "x".repeat(262_144) + "\"}";
        assertError(ts.post("/v1/ingest", big), 413, "payload_too_large");
        assertError(ts.post("/v1/heartbeat", big), 413, "payload_too_large");
    }

    @Test
    void heartbeatAnswersDirectives() {
        HttpResponse<String> res = ts.post("/v1/heartbeat", TsClient.heartbeat("w:hb", false));
        assertOk(res, 200);
        assertThat(res.body()).isEqualTo(
                "{\"ok\":true,\"directives\":{\"pause_ingest\":false,\"pause_until_ms\":null,\"commands\":[]}}");
    }

    @Test
    void snapshotInAllThreeForms() {
        String nested = "{\"framework\":\"bullmq\",\"worker_key\":\"node:1\",\"timestamp\":"
                + "\"2026-11-22T06:00:00.123Z\",\"queues\":[{\"name\":\"s-nested\",\"depth\":3,\"active\":1,\"failed\":0,"
                + "\"throughput_per_min\":0}]}";
        assertOk(ts.post("/v1/snapshot", nested), 202);
        assertOk(ts.post("/v1/snapshot", nested), 202); // a re-send is stored once
        assertOk(ts.post("/v1/snapshot", "{\"framework\":\"asynq\",\"language\":\"go\",\"sdk_version\":\"0.1.0\","
                + "\"timestamp\":\"2026-11-22T06:00:01Z\",\"queue_name\":\"s-go\",\"depth\":4,\"active_count\":2,"
                + "\"failed_count\":1}"), 202);
        assertOk(ts.post("/v1/snapshot", "{\"type\":\"snapshot\",\"framework\":\"sidekiq\",\"language\":\"ruby\","
                + "\"sdk_version\":\"0.1.0\",\"timestamp\":\"2026-11-22T06:00:02Z\",\"queue_name\":\"s-kiq\",\"depth\":9,"
                + "\"throughput_per_min\":2.5}"), 202);
        String range = "&from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";
        JsonNode go = ts.api("/api/projects/default/jobs/queues?queue=s-go" + range).at("/points/0");
        assertThat(go.get("active").asLong()).isEqualTo(2);
        assertThat(go.get("failed").asLong()).isEqualTo(1);
        JsonNode kiq = ts.api("/api/projects/default/jobs/queues?queue=s-kiq" + range).at("/points/0");
        assertThat(kiq.get("depth").asLong()).isEqualTo(9);
        assertThat(kiq.get("latencySeconds").asDouble()).isEqualTo(2.5);
        assertThat(kiq.has("throughputPerMin")).isFalse();
        JsonNode nestedPoints = ts.api("/api/projects/default/jobs/queues?queue=s-nested" + range).get("points");
        assertThat(nestedPoints).hasSize(1);
        assertThat(nestedPoints.at("/0/workerKey").asText()).isEqualTo("node:1");
    }

    @Test
    void lineageTakesOneTo500Children() {
        StringBuilder children = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            children.append(i == 0 ? "" : ",").append("{\"id\":\"k").append(i).append("\",\"task_name\":\"child\"}");
        }
        assertOk(ts.post("/v1/lineage", "{\"parent_id\":\"p\",\"chain_id\":\"big\",\"children\":[" + children + "]}"), 202);
        assertError(ts.post("/v1/lineage", "{\"parent_id\":\"p\",\"chain_id\":\"big\",\"children\":[" + children
                + ",{\"id\":\"k500\"}]}"), 400, "validation_error");
        assertThat(ts.api("/api/projects/default/jobs/lineage/big").get("edges")).hasSize(500);
    }

    @Test
    void dumpIsStoredAndReadable() {
        assertOk(ts.post("/v1/dump", "{\"cmd_id\":\"cmd-1\",\"worker_key\":\"host:9\",\"dump_text\":\"\\\"main\\\" #1\\n"
                + "  at Foo.bar\",\"language\":\"java\",\"sdk_version\":\"0.1.0\",\"captured_at\":\"2026-11-22T06:00:00Z\"}"), 202);
        JsonNode list = ts.api("/api/projects/default/jobs/dumps?worker=host:9").get("items");
        assertThat(list).hasSize(1);
        JsonNode dump = ts.api("/api/projects/default/jobs/dumps/" + list.get(0).get("id").asText());
        assertThat(dump.get("text").asText()).startsWith("\"main\" #1");
        assertThat(dump.get("cmdId").asText()).isEqualTo("cmd-1");
    }

    @Test
    void pingDescribesTheProject() {
        HttpResponse<String> res = ts.ping();
        assertOk(res, 200);
        JsonNode data = TsClient.json(res.body()).get("data");
        assertThat(data.get("project_name").asText()).isEqualTo("default");
        assertThat(data.get("plan_tier").asText()).isEqualTo("pro");
        assertThat(data.get("project_id").asText()).isNotBlank();
        assertThat(data.get("workspace_id").asText()).isNotBlank();
    }

    @Test
    void lenientWhereTheSpecSaysSo() {
        String body = "{\"framework\":\"bullmq\",\"worker\":{\"key\":\"w:l\",\"hostname\":\"h\",\"pid\":\"abc\","
                + "\"concurrency\":null,\"queues\":[]},\"task\":{\"name\":\"n\",\"id\":42,\"queue\":\"q\",\"attempt\":0},"
                + "\"status\":\"revoked-ish\",\"error\":{\"type\":\"E\",\"message\":null},\"unknown\":{\"x\":[1]},"
                + "\"logs\":[{\"level\":\"info\",\"message\":\"m\"}],\"trace_context\":{\"traceparent\":\"00-a-b-01\"}}";
        assertOk(ts.post("/v1/ingest", body), 202);
        JsonNode run = ts.api("/api/projects/default/jobs/runs/42");
        assertThat(run.get("status").asText()).isEqualTo("revoked-ish");
        assertThat(run.get("attempts").asInt()).isZero();
        assertOk(ts.post("/v1/ingest", TsClient.event("plain", "job", "failed", 1, "w", "\"error\":\"disk full\"")), 202);
        assertThat(ts.api("/api/projects/default/jobs/runs/plain").at("/error/message").asText()).isEqualTo("disk full");
    }
}
