package dev.sluice.server.tracestax;

import static dev.sluice.server.tracestax.TraceStaxContractTest.assertError;
import static dev.sluice.server.tracestax.TraceStaxContractTest.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.log.LocalIngestLog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits, plan gate, directives and test-key isolation; each test on its own project (own settings). */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH, shareServer = true)
class TraceStaxControlsTest {

    static TestServer server;
    static TsClient admin;

    @BeforeEach
    void start(TestServer shared) {
        server = shared;
        admin = new TsClient(server, server.key(KeyKind.TRACESTAX_LIVE));
    }

    static TsClient project(String name) {
        return new TsClient(server, admin.newProjectKey(name, "tracestax-live"));
    }

    static void settings(String project, String json) {
        HttpResponse<String> res = admin.admin("PUT", "/api/projects/" + project + "/jobs/settings", json);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    @Test
    void overTheWorkspaceRateIs429WithBothRetryHeaders() {
        TsClient ts = project("rate");
        settings("rate", "{\"ratePerMinute\":3}");
        for (int i = 0; i < 3; i++) {
            assertOk(ts.post("/v1/heartbeat", TsClient.heartbeat("w", false)), 200);
        }
        HttpResponse<String> res = ts.post("/v1/ingest", TsClient.event("r", "started", 1, "w"));
        assertError(res, 429, "rate_limit_exceeded");
        assertThat(res.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(res.headers().firstValue("x-retry-after")).isEqualTo(res.headers().firstValue("retry-after"));
        // Another workspace is unaffected.
        assertOk(admin.post("/v1/heartbeat", TsClient.heartbeat("w", false)), 200);
    }

    @Test
    void monthlyQuotaIs402OnIngestOnly() {
        TsClient ts = project("quota");
        settings("quota", "{\"monthlyQuota\":2}");
        assertOk(ts.post("/v1/ingest", "{\"events\":[" + TsClient.event("q1", "started", 1, "w") + ","
                + TsClient.event("q1", "succeeded", 1, "w") + "]}"), 202);
        assertError(ts.post("/v1/ingest", TsClient.event("q2", "started", 1, "w")), 402, "monthly_limit_reached");
        assertOk(ts.post("/v1/heartbeat", TsClient.heartbeat("w", false)), 200);
        assertThat(ts.api("/api/projects/quota/jobs/settings").get("usedThisMonth").asLong()).isEqualTo(2);
        settings("quota", "{\"monthlyQuota\":10}");
        assertOk(ts.post("/v1/ingest", TsClient.event("q2", "started", 1, "w")), 202);
    }

    @Test
    void lineageNeedsTheStarterPlan() {
        TsClient ts = project("plans");
        String body = "{\"parent_id\":\"p\",\"chain_id\":\"c\",\"children\":[{\"id\":\"a\",\"task_name\":\"t\"}]}";
        assertOk(ts.post("/v1/lineage", body), 202);
        settings("plans", "{\"planTier\":\"free\"}");
        assertError(ts.post("/v1/lineage", body), 402, "feature_not_available");
        assertThat(TsClient.json(ts.ping().body()).at("/data/plan_tier").asText()).isEqualTo("free");
        settings("plans", "{\"planTier\":\"starter\"}");
        assertOk(ts.post("/v1/lineage", body), 202);
        assertThat(admin.admin("PUT", "/api/projects/plans/jobs/settings", "{\"planTier\":\"gold\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void directivesPauseAndCommandsAreDeliveredOnce() {
        TsClient ts = project("directives");
        long until = System.currentTimeMillis() + 120_000;
        settings("directives", "{\"pauseIngest\":true,\"pauseUntilMs\":" + until + "}");
        HttpResponse<String> queued = admin.admin("POST", "/api/projects/directives/jobs/commands",
                "{\"workerKey\":\"w:7\",\"type\":\"thread_dump\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(201);
        String id = TsClient.json(queued.body()).get("id").asText();
        // Another worker's heartbeat does not take it.
        assertThat(TsClient.json(ts.post("/v1/heartbeat", TsClient.heartbeat("w:8", false)).body())
                .at("/directives/commands")).isEmpty();
        JsonNode first = TsClient.json(ts.post("/v1/heartbeat", TsClient.heartbeat("w:7", false)).body());
        assertThat(first.at("/directives/pause_ingest").asBoolean()).isTrue();
        assertThat(first.at("/directives/pause_until_ms").asLong()).isEqualTo(until);
        assertThat(first.at("/directives/commands/0/id").asText()).isEqualTo(id);
        assertThat(first.at("/directives/commands/0/type").asText()).isEqualTo("thread_dump");
        JsonNode second = TsClient.json(ts.post("/v1/heartbeat", TsClient.heartbeat("w:7", false)).body());
        assertThat(second.at("/directives/commands")).isEmpty();
        HttpResponse<String> ingest = ts.post("/v1/ingest", TsClient.event("d", "started", 1, "w:7"));
        assertOk(ingest, 202);
        assertThat(ingest.headers().firstValue("x-retry-after")).isPresent();
        settings("directives", "{\"pauseIngest\":false,\"pauseUntilMs\":null}");
        assertThat(TsClient.json(ts.post("/v1/heartbeat", TsClient.heartbeat("w:7", false)).body())
                .at("/directives/pause_ingest").asBoolean()).isFalse();
    }

    @Test
    void testKeysLiveInTheirOwnSpace() {
        TsClient test = new TsClient(server, server.key(KeyKind.TRACESTAX_TEST));
        assertOk(test.post("/v1/ingest", TsClient.event("iso-1", "n", "failed", 1, "tw",
                "\"error\":{\"type\":\"TestOnlyError\",\"message\":\"m\"}")), 202);
        assertOk(test.post("/v1/heartbeat", TsClient.heartbeat("test-worker", false)), 200);
        assertThat(server.get("/api/projects/default/jobs/runs/iso-1").statusCode()).isEqualTo(404);
        assertThat(admin.api("/api/projects/default/jobs/runs/iso-1?env=test").get("status").asText()).isEqualTo("failed");
        assertThat(admin.api("/api/projects/default/jobs/workers").toString()).doesNotContain("test-worker");
        assertThat(admin.api("/api/projects/default/jobs/workers?env=test").toString()).contains("test-worker");
        assertThat(admin.api("/api/projects/default/issues").toString()).doesNotContain("TestOnlyError");
        assertThat(server.get("/api/projects/default/jobs/runs?env=prod").statusCode()).isEqualTo(400);
    }

    @Test
    void aFullLogIs503WithBothRetryHeaders(@TempDir Path other, StoreKind kind) {
        try (TestServer tight = TestServer.start(kind.config(other).withLimits(new LocalIngestLog.Limits(4, 16, 2000)))) {
            TsClient ts = new TsClient(tight, tight.key(KeyKind.TRACESTAX_LIVE));
            HttpResponse<String> res = ts.post("/v1/ingest", TsClient.event("u", "started", 1, "w"));
            assertError(res, 503, "service_unavailable");
            assertThat(res.headers().firstValue("retry-after")).isPresent();
            assertThat(res.headers().firstValue("x-retry-after")).isPresent();
        }
    }
}
