package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sentry {@code session}, {@code sessions}, {@code client_report} and {@code log} items on a real server: each
 * session counted once by its worst outcome, aggregates added, crash-free rates, SDK-side drops and structured
 * logs read back through REST.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryItemsTest {

    TestServer s;

    @BeforeEach
    void start(TestServer server) {
        s = server;
    }

    HttpResponse<String> send(String... items) {
        StringBuilder body = new StringBuilder("{}\n");
        for (String item : items) {
            int nl = item.indexOf('\n');
            body.append(item, 0, nl).append('\n').append(item.substring(nl + 1)).append('\n');
        }
        return s.post("/api/1/envelope/", body.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY)));
    }

    static String session(String sid, String status, int errors, String release) {
        return "{\"type\":\"session\"}\n{\"sid\":\"" + sid + "\",\"status\":\"" + status + "\",\"errors\":" + errors
                + ",\"started\":\"2026-11-30T10:15:00Z\",\"attrs\":{" + (release == null ? ""
                : "\"release\":\"" + release + "\",") + "\"environment\":\"production\"}}";
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void sessionsCountOnceByWorstOutcome() throws Exception {
        assertThat(send(session("s1", "ok", 0, "app@1.0"), session("s2", "crashed", 1, "app@1.0"),
                session("s3", "ok", 0, "app@1.0"), session("s4", "abnormal", 0, "app@1.0"),
                session("s5", "crashed", 0, "app@1.0"), session("nr", "crashed", 0, null)).statusCode()).isEqualTo(200);
        // Later updates: s1 ends with errors, s3 exits cleanly, s5 cannot heal after its crash.
        assertThat(send(session("s1", "exited", 2, "app@1.0"), session("s3", "exited", 0, "app@1.0"),
                session("s5", "exited", 0, "app@1.0")).statusCode()).isEqualTo(200);
        assertThat(send("{\"type\":\"sessions\"}\n{\"aggregates\":[{\"started\":\"2026-11-30T10:00:00Z\",\"exited\":10,"
                + "\"errored\":1,\"crashed\":1},{\"started\":\"2026-11-30T11:00:00Z\",\"exited\":0}],"
                + "\"attrs\":{\"release\":\"app@1.0\",\"environment\":\"production\"}}",
                "{\"type\":\"sessions\"}\n{\"aggregates\":[{\"started\":\"2026-11-30T09:00:00Z\",\"exited\":5}],"
                        + "\"attrs\":{\"release\":\"app@2.0\",\"environment\":\"staging\"}}").statusCode()).isEqualTo(200);

        String range = "?from=2026-11-30T00:00:00Z&to=2026-12-01T00:00:00Z";
        JsonNode releases = get("/api/projects/default/releases" + range).get("items");
        assertThat(releases).hasSize(2);
        JsonNode one = releases.get(0);
        assertThat(one.get("release").asText()).isEqualTo("app@1.0");
        assertThat(one.get("environment").asText()).isEqualTo("production");
        assertThat(one.get("sessions").asLong()).isEqualTo(17);
        assertThat(one.get("healthy").asLong()).isEqualTo(11);
        assertThat(one.get("errored").asLong()).isEqualTo(2);
        assertThat(one.get("abnormal").asLong()).isEqualTo(1);
        assertThat(one.get("crashed").asLong()).isEqualTo(3);
        assertThat(one.get("crashFreeRate").asDouble()).isEqualTo(0.8235);
        assertThat(get("/api/projects/default/releases" + range + "&environment=staging").get("items"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("release").asText()).isEqualTo("app@2.0");
                    assertThat(r.get("crashFreeRate").asDouble()).isEqualTo(1.0);
                });
        assertThat(get("/api/projects/default/releases?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z")
                .get("items")).isEmpty();

        HttpResponse<String> bad = send(session("s9", "sleeping", 0, "app@1.0"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("X-Sentry-Error")).isPresent();
        assertThat(s.get("/api/projects/default/releases?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/projects/default/releases" + range).get("items").get(0).get("sessions").asLong())
                .isEqualTo(17);
    }

    @Test
    void clientReportsAreCountedPerReasonAndCategory() throws Exception {
        String report = "{\"type\":\"client_report\"}\n{\"timestamp\":1764500000,\"discarded_events\":["
                + "{\"reason\":\"queue_overflow\",\"category\":\"error\",\"quantity\":4},"
                + "{\"reason\":\"sample_rate\",\"category\":\"transaction\",\"quantity\":7},"
                + "{\"reason\":\"queue_overflow\",\"category\":\"error\",\"quantity\":1},"
                + "{\"reason\":\"before_send\",\"category\":\"error\",\"quantity\":-3}]}";
        assertThat(send(report).statusCode()).isEqualTo(200);
        // A later report with the same drops counts again; a resent envelope (the same bytes) does not.
        assertThat(send(report.replace("1764500000", "1764500060")).statusCode()).isEqualTo(200);
        assertThat(send(report).statusCode()).isEqualTo(200);
        JsonNode items = get("/api/projects/default/client-reports").get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("reason").asText()).isEqualTo("sample_rate");
        assertThat(items.get(0).get("category").asText()).isEqualTo("transaction");
        assertThat(items.get(0).get("quantity").asLong()).isEqualTo(14);
        assertThat(items.get(1).get("reason").asText()).isEqualTo("queue_overflow");
        assertThat(items.get(1).get("quantity").asLong()).isEqualTo(10);
        assertThat(s.get("/metrics").body())
                .contains("sluice_sentry_client_discarded_total{category=\"error\",reason=\"queue_overflow\"} 10.0")
                .contains("sluice_sentry_client_discarded_total{category=\"transaction\",reason=\"sample_rate\"} 14.0");
    }

    @Test
    void structuredLogsBecomeLogRecords() throws Exception {
        String logs = "{\"type\":\"log\",\"item_count\":2,\"content_type\":\"application/vnd.sentry.items.log+json\"}\n"
                + "{\"items\":[{\"timestamp\":1764496800.5,\"trace_id\":\"5b8efff798038103d269b633813fc60c\","
                + "\"level\":\"warn\",\"body\":\"cart total mismatch\",\"attributes\":{\"sentry.release\":"
                + "{\"value\":\"app@1.0\",\"type\":\"string\"},\"sentry.environment\":{\"value\":\"production\","
                + "\"type\":\"string\"},\"cart.items\":{\"value\":3,\"type\":\"integer\"}}},"
                + "{\"timestamp\":1764496801,\"level\":\"error\",\"severity_number\":18,\"body\":\"payment failed\"}]}";
        assertThat(send(logs).statusCode()).isEqualTo(200);
        JsonNode items = get("/api/projects/default/logs?from=2025-11-30T00:00:00Z&to=2025-12-01T00:00:00Z")
                .get("items");
        assertThat(items).hasSize(2);
        JsonNode warn = items.get(1);
        assertThat(warn.get("body").asText()).isEqualTo("cart total mismatch");
        assertThat(warn.get("severityNumber").asInt()).isEqualTo(13);
        assertThat(warn.get("timestamp").asText()).isEqualTo("2025-11-30T10:00:00.500Z");
        assertThat(warn.get("traceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(warn.get("release").asText()).isEqualTo("app@1.0");
        assertThat(warn.get("environment").asText()).isEqualTo("production");
        assertThat(warn.at("/attributes/cart.items").asText()).isEqualTo("3");
        assertThat(items.get(0).get("severityNumber").asInt()).isEqualTo(18);
        assertThat(send("{\"type\":\"log\"}\n{\"items\":[1]}").statusCode()).isEqualTo(400);
        assertThat(send("{\"type\":\"log\"}\n{\"records\":[]}").statusCode()).isEqualTo(400);
    }

    @Test
    void attachmentsAreStoredPerEventWithACap() throws Exception {
        String eventId = "0123456789abcdef0123456789abcdef";
        byte[] log = "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("{\"event_id\":\"" + eventId + "\"}\n{\"type\":\"event\"}\n{\"message\":\"with files\"}\n"
                + "{\"type\":\"attachment\",\"length\":" + log.length + ",\"filename\":\"app.log\","
                + "\"content_type\":\"text/plain\"}\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(log);
        body.writeBytes("\n{\"type\":\"attachment\",\"length\":3,\"filename\":\"dump.bin\"}\n".getBytes(
                StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {0, 10, (byte) 255});
        Map<String, String> auth = Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY));
        assertThat(s.post("/api/1/envelope/", body.toByteArray(), auth).statusCode()).isEqualTo(200);

        JsonNode items = get("/api/projects/default/events/" + eventId + "/attachments").get("items");
        assertThat(items.findValuesAsText("filename")).containsExactly("app.log", "dump.bin");
        assertThat(items.get(0).get("size").asLong()).isEqualTo(log.length);
        assertThat(items.get(1).get("contentType").asText()).isEqualTo("application/octet-stream");
        HttpResponse<byte[]> file = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                s.baseUrl() + "/api/projects/default/attachments/" + items.get(1).get("id").asText()))
                .header("Authorization", "Bearer " + s.adminToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).containsExactly(0, 10, 255);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("dump.bin");

        // Over 20 MB: the envelope is refused (gzip keeps the wire small; the cap counts the attachment's bytes).
        int big = 20 * 1024 * 1024 + 1;
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.writeBytes(("{\"event_id\":\"" + "f".repeat(32) + "\"}\n{\"type\":\"attachment\",\"length\":" + big
                + ",\"filename\":\"huge.bin\"}\n").getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[big]);
        HttpResponse<String> tooBig = s.post("/api/1/envelope/", SentryContractTest.gzip(raw.toByteArray()),
                Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY), "Content-Encoding", "gzip"));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(get("/api/projects/default/events/" + "f".repeat(32) + "/attachments").get("items")).isEmpty();
        assertThat(s.get("/api/projects/default/attachments/nope").statusCode()).isEqualTo(404);
    }
}
