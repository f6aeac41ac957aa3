package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every REST list has one shape, times are ISO-8601, numbers are rounded and unknowns are left out. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class ReadShapesTest {

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start(StoreKind kind) {
        s = kind.start(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private JsonNode get(String path) throws IOException {
        HttpResponse<String> res = s.get(path);
        assertThat(res.statusCode()).as(path + " " + res.body()).isEqualTo(200);
        assertThat(res.body()).as(path).doesNotContainPattern(":-?[0-9.]+[eE][-+]?[0-9]");
        return Json.MAPPER.readTree(res.body());
    }

    @Test
    void everyListIsItemsAndNextCursorWithIsoTimes() throws IOException {
        s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v\"}}");
        for (String path : new String[] {"/api/admin/projects", "/api/admin/keys", "/api/projects/default/issues",
                "/api/projects/default/transactions", "/api/projects/default/ai/usage", "/api/projects/default/tasks",
                "/api/projects/default/task-statuses", "/api/projects/default/jobs/runs",
                "/api/projects/default/jobs/stats", "/api/projects/default/jobs/workers",
                "/api/projects/default/jobs/queues", "/api/projects/default/jobs/dumps"}) {
            JsonNode body = get(path);
            assertThat(body.get("items")).as(path).isNotNull();
            assertThat(body.get("items").isArray()).as(path).isTrue();
            assertThat(body.has("nextCursor")).as(path).isTrue();
        }
        for (JsonNode p : get("/api/admin/projects").get("items")) {
            assertThat(Instant.parse(p.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(60));
        }
        for (JsonNode k : get("/api/admin/keys").get("items")) {
            assertThat(Instant.parse(k.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(60));
        }
    }

    @Test
    void moneyIsRoundedAndUnknownLatencyIsLeftOut() throws IOException {
        // 3 × 0.0091 is 0.027299999999999998 in floating point.
        String gen = "{\"type\":\"ai_generation\",\"provider\":\"acme\",\"model\":\"m\",\"inputTokens\":1,"
                + "\"totalCostUsd\":0.0091}";
        assertThat(s.ingest("[" + gen + "," + gen + "," + gen + "]").statusCode()).isEqualTo(202);
        HttpResponse<String> raw = s.get("/api/projects/default/ai/usage");
        assertThat(raw.body()).contains("\"costUsd\":0.0273").doesNotContain("0.02729999");
        JsonNode row = Json.MAPPER.readTree(raw.body()).get("items").get(0);
        assertThat(row.has("avgLatencyMs")).isFalse();
    }

    @Test
    void ratesAreRoundedAndNeverInExponentNotation() throws IOException {
        String event = "{\"type\":\"task_event\",\"framework\":\"celery\",\"language\":\"python\",\"sdk_version\":\"1\","
                + "\"status\":\"succeeded\",\"duration_ms\":1234.5678,\"worker\":{\"key\":\"w1\",\"hostname\":\"h\","
                + "\"pid\":1,\"concurrency\":1,\"queues\":[\"q\"]},\"task\":{\"name\":\"nightly\",\"id\":\"r1\","
                + "\"queue\":\"q\",\"attempt\":1}}";
        HttpResponse<String> res = s.post("/v1/ingest", event.getBytes(StandardCharsets.UTF_8), Map.of(
                "Content-Type", "application/json", "Authorization", "Bearer " + s.key(KeyKind.TRACESTAX_LIVE)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        HttpResponse<String> stats = s.get("/api/projects/default/jobs/stats");
        // One run in the default 24 hours: 1/1440 per minute, which a double prints as 6.944444444444445E-4.
        assertThat(stats.body()).contains("\"throughputPerMin\":0.0006944").doesNotContain("E-");
    }

    @Test
    void limitOutOfRangeIs400WithTheRange() throws IOException {
        for (String limit : new String[] {"0", "-1", "201", "500", "abc"}) {
            for (String path : new String[] {"/api/projects/default/issues", "/api/projects/default/tasks",
                    "/api/projects/default/jobs/runs", "/api/projects/default/jobs/dumps"}) {
                HttpResponse<String> res = s.get(path + "?limit=" + limit);
                assertThat(res.statusCode()).as(path + " limit=" + limit).isEqualTo(400);
                assertThat(Json.MAPPER.readTree(res.body()).get("error").asText()).contains("1 to 200");
            }
        }
        assertThat(get("/api/projects/default/issues?limit=200").get("items").isArray()).isTrue();
        assertThat(get("/api/projects/default/issues?limit=1").get("items").isArray()).isTrue();
    }
}
