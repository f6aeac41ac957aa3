package dev.sluice.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.digest.Alerting;
import dev.sluice.protocol.Ids;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-driven rules against data ingested through the real protocols, evaluated with clocks the test picks:
 * test-key data never alerts, live data does, and a second evaluation at the same time sends nothing new.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class AlertSchedulerTest {

    @TempDir
    Path dir;

    static String taskEvent(String id, String worker) {
        return "{\"type\":\"task_event\",\"framework\":\"bullmq\",\"language\":\"typescript\",\"sdk_version\":\"0.1.0\","
                + "\"worker\":{\"key\":\"" + worker + "\",\"hostname\":\"h1\",\"pid\":1,\"concurrency\":1,"
                + "\"queues\":[\"default\"]},\"task\":{\"name\":\"send_email\",\"id\":\"" + id + "\","
                + "\"queue\":\"default\",\"attempt\":1},\"status\":\"failed\","
                + "\"error\":{\"type\":\"SmtpError\",\"message\":\"down\",\"stack_trace\":\"at x\"}}";
    }

    static String heartbeat(String worker) {
        return "{\"type\":\"heartbeat\",\"framework\":\"celery\",\"language\":\"python\",\"sdk_version\":\"0.1.0\","
                + "\"worker\":{\"key\":\"" + worker + "\",\"hostname\":\"h\",\"pid\":\"7\",\"concurrency\":null,"
                + "\"queues\":[\"default\"]},\"timestamp\":\"2026-11-22T06:00:00Z\"}";
    }

    static HttpResponse<String> ts(TestServer s, KeyKind key, String path, String json) {
        return s.post(path, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + s.key(key)));
    }

    static HttpResponse<String> admin(TestServer s, String method, String path, String json) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).header("Authorization", "Bearer "
                + s.adminToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static List<String> subjects(TestServer s) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode d : Json.MAPPER.readTree(s.get("/api/projects/default/alert-deliveries").body()).get("items")) {
            out.add(d.get("subject").asText());
        }
        return out;
    }

    @Test
    void timeDrivenRulesFireOnLiveDataOnly(StoreKind kind) throws Exception {
        AlertConfig quiet = AlertConfig.defaults().withTimings(Duration.ofMillis(50), Duration.ofHours(1),
                Duration.ofMillis(100), Duration.ofSeconds(1), 3);
        try (Receiver receiver = Receiver.start(0, List.of()); TestServer s = TestServer.start(
                kind.config(dir), quiet)) {
            String hook = "[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}]";
            for (String rule : List.of(
                    "{\"kind\":\"job_failure_count\",\"threshold\":2,\"windowSeconds\":3600,\"taskName\":\"send_email\"",
                    "{\"kind\":\"worker_offline\"", "{\"kind\":\"llm_cost\",\"threshold\":1.0",
                    "{\"kind\":\"quota\",\"threshold\":80")) {
                assertThat(admin(s, "POST", "/api/projects/default/alert-rules", rule + ",\"channels\":" + hook + "}")
                        .statusCode()).isEqualTo(201);
            }
            assertThat(admin(s, "PUT", "/api/projects/default/jobs/settings", "{\"monthlyQuota\":3}").statusCode())
                    .isEqualTo(200);
            Alerting alerting = Alerting.create(Ids.create(Clock.systemUTC()));
            AlertScheduler now = AlertScheduler.create(s.server().store(), Clock.systemUTC(), alerting);

            // Test keys: failures, a worker, nothing alerts.
            for (int i = 0; i < 4; i++) {
                assertThat(ts(s, KeyKind.TRACESTAX_TEST, "/v1/ingest", taskEvent("t" + i, "wt")).statusCode()).isEqualTo(202);
            }
            ts(s, KeyKind.TRACESTAX_TEST, "/v1/heartbeat", heartbeat("wt"));
            assertThat(s.ingest("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"x\",\"inputTokens\":10,\"totalCostUsd\":0.6}").statusCode()).isEqualTo(202);
            ts(s, KeyKind.TRACESTAX_LIVE, "/v1/ingest", taskEvent("l1", "wl"));
            ts(s, KeyKind.TRACESTAX_LIVE, "/v1/heartbeat", heartbeat("wl"));
            assertThat(now.runOnce()).isZero();

            ts(s, KeyKind.TRACESTAX_LIVE, "/v1/ingest", taskEvent("l2", "wl"));
            ts(s, KeyKind.TRACESTAX_LIVE, "/v1/ingest", taskEvent("l3", "wl"));
            assertThat(s.ingest("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"x\",\"inputTokens\":10,\"totalCostUsd\":0.6}").statusCode()).isEqualTo(202);
            assertThat(now.runOnce()).as(subjects(s).toString()).isEqualTo(3);
            assertThat(now.runOnce()).as("same period, within the cooldown").isZero();
            String month = Instant.now().toString().substring(0, 7);
            String day = Instant.now().toString().substring(0, 10);
            assertThat(subjects(s)).containsExactlyInAnyOrder("jobs:send_email", "llm_cost:" + day,
                    "quota:" + month + ":80");

            // An hour on, the live worker is offline (the test worker is never looked at); the failures left the window.
            Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1).plusMinutes(1)), ZoneOffset.UTC);
            int fired = AlertScheduler.create(s.server().store(), later, alerting).runOnce();
            assertThat(subjects(s)).contains("worker:wl").doesNotContain("worker:wt");
            assertThat(fired).as("cost and quota fire once per period").isEqualTo(1);
        }
    }
}
