package dev.sluice.web.it;

import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Data for every dashboard page, sent through the real wire protocols with the first-run keys. */
final class Seed {

    private Seed() {
    }

    static void all(TestServer s) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String earlier = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();
        for (int i = 0; i < 3; i++) {
            ok(s.ingest(typeError(now, i)));
        }
        ok(s.ingest("{\"type\":\"error\",\"level\":\"warning\",\"exception\":{\"type\":\"TimeoutError\",\"value\":"
                + "\"payment provider did not answer in 5000 ms\"},\"environment\":\"production\"}"));
        ok(s.ingest("{\"type\":\"transaction\",\"name\":\"POST /api/orders\",\"traceId\":\"t1\",\"durationMs\":182.5,"
                + "\"status\":\"ok\",\"spans\":[{\"spanId\":\"a\",\"op\":\"db.query\",\"description\":\"SELECT * FROM "
                + "orders\",\"durationMs\":40},{\"spanId\":\"b\",\"op\":\"http.client\",\"description\":\"POST "
                + "payments\",\"durationMs\":120},{\"spanId\":\"c\",\"op\":\"db.query\",\"description\":\"INSERT\","
                + "\"durationMs\":12,\"parentSpanId\":\"b\"}],\"timestamp\":\"" + now + "\"}"));
        ok(s.ingest("{\"type\":\"transaction\",\"name\":\"GET /api/products\",\"traceId\":\"t2\",\"durationMs\":35,"
                + "\"status\":\"error\",\"timestamp\":\"" + now + "\"}"));
        ok(s.ingest("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"inputTokens\":"
                + "1200,\"outputTokens\":300,\"latencyMs\":850,\"timestamp\":\"" + now + "\"}"));
        ok(s.ingest("{\"type\":\"ai_generation\",\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4\","
                + "\"inputTokens\":900,\"outputTokens\":500,\"latencyMs\":1400,\"totalCostUsd\":0.0102}"));
        ok(s.post("/api/v1/ingest/tasks", bytes("{\"source\":\"sdk\",\"title\":\"Disk almost full on db-1\",\"severity\":\"high\","
                + "\"dedupeKey\":\"disk:db-1\",\"description\":\"/var at 93%\"}"), Map.of("Authorization", "Bearer "
                + s.key(KeyKind.TAILPOINT_LIVE), "Content-Type", "application/json")));
        String ts = "Bearer " + s.key(KeyKind.TRACESTAX_LIVE);
        Map<String, String> tsHeaders = Map.of("Authorization", ts, "Content-Type", "application/json");
        ok(s.post("/v1/heartbeat", bytes("{\"type\":\"heartbeat\",\"framework\":\"celery\",\"language\":\"python\","
                + "\"sdk_version\":\"0.1.0\",\"worker\":{\"key\":\"worker-1\",\"hostname\":\"h1\",\"pid\":\"77\","
                + "\"concurrency\":4,\"queues\":[\"default\",\"mail\"]},\"timestamp\":\"" + now + "\"}"), tsHeaders));
        ok(s.post("/v1/ingest", bytes(jobEvent("run-1", "send_email", "started", now, "")), tsHeaders));
        ok(s.post("/v1/ingest", bytes(jobEvent("run-1", "send_email", "succeeded", now, ",\"metrics\":"
                + "{\"duration_ms\":250}")), tsHeaders));
        ok(s.post("/v1/ingest", bytes(jobEvent("run-2", "charge_card", "failed", now, ",\"error\":{\"type\":"
                + "\"CardDeclined\",\"message\":\"insufficient funds\"}")), tsHeaders));
        ok(s.post("/v1/snapshot", bytes("{\"framework\":\"bullmq\",\"worker_key\":\"worker-1\",\"timestamp\":\"" + now
                + "\",\"queues\":[{\"name\":\"default\",\"depth\":7,\"active\":2,\"failed\":0,\"throughput_per_min\":3}]}"),
                tsHeaders));
        ok(s.post("/v1/dump", bytes("{\"cmd_id\":\"cmd-1\",\"worker_key\":\"worker-1\",\"dump_text\":\"\\\"main\\\" "
                + "#1\\n  at Foo.bar\",\"language\":\"java\",\"sdk_version\":\"0.1.0\",\"captured_at\":\"" + now + "\"}"),
                tsHeaders));
        ok(s.post("/sdk.events.v1.EventsService/BatchCreate", bytes("{\"events\":["
                + pug("e1", "user-1", "signup", earlier) + "," + pug("e2", "user-1", "purchase", now) + ","
                + pug("e3", "user-2", "signup", earlier) + "]}"), Map.of("x-api-key", s.key(KeyKind.PUG_PRIVATE),
                "Content-Type", "application/json")));
    }

    /** The TypeError occurrence the seed sends three times (users user-0…2); the browser test sends it again. */
    static String typeError(String now, int i) {
        return "{\"type\":\"error\",\"exception\":{\"type\":\"TypeError\",\"value\":\"Cannot read properties of "
                + "undefined (reading 'id')\",\"stacktrace\":{\"frames\":[{\"filename\":\"src/orders/checkout.ts\","
                + "\"function\":\"submitOrder\",\"lineno\":42,\"colno\":7,\"inApp\":true},{\"filename\":\"src/http/"
                + "router.ts\",\"function\":\"handle\",\"lineno\":118,\"inApp\":true},{\"filename\":\"node_modules/"
                + "express/lib/router/layer.js\",\"function\":\"Layer.handle\",\"lineno\":95,\"inApp\":false}]}},"
                + "\"breadcrumbs\":[{\"category\":\"http\",\"message\":\"POST /api/orders\",\"level\":\"info\","
                + "\"timestamp\":\"" + now + "\"}],\"tags\":{\"region\":\"eu-west\",\"browser\":\"Firefox\"},"
                + "\"user\":{\"id\":\"user-" + i + "\",\"email\":\"u" + i + "@example.com\"},"
                + "\"environment\":\"production\",\"release\":\"shop@1.4.2\"}";
    }

    private static String jobEvent(String id, String name, String status, String now, String extra) {
        return "{\"type\":\"task_event\",\"framework\":\"bullmq\",\"language\":\"typescript\",\"sdk_version\":\"0.1.0\","
                + "\"worker\":{\"key\":\"worker-1\",\"hostname\":\"h1\",\"pid\":123,\"concurrency\":4,"
                + "\"queues\":[\"default\"]},\"task\":{\"name\":\"" + name + "\",\"id\":\"" + id + "\","
                + "\"queue\":\"default\",\"attempt\":1},\"status\":\"" + status + "\",\"timestamp\":\"" + now + "\""
                + extra + "}";
    }

    private static String pug(String id, String user, String kind, String now) {
        return "{\"eventId\":\"" + java.util.UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)) + "\",\"sessionId\":\"" + java.util.UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)) + "\",\"distinctId\":\"" + user + "\",\"kind\":\"" + kind + "\",\"occurTime\":\""
                + now + "\",\"customProperties\":{\"plan\":{\"stringValue\":\"pro\"}}}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void ok(HttpResponse<String> res) {
        if (res.statusCode() / 100 != 2) {
            throw new AssertionError("seeding failed: " + res.statusCode() + " " + res.body());
        }
    }
}
