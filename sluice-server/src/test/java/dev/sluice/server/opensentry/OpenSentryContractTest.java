package dev.sluice.server.opensentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every status and body of the Open Sentry spec (§3), against the real server on loopback, on both stores. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OpenSentryContractTest {

    TestServer server;
    String key;

    static final String ERROR = "{\"type\":\"error\",\"exception\":{\"type\":\"Error\",\"value\":\"v\"}}";

    @BeforeEach
    void start(TestServer s) {
        server = s;
        key = server.key(KeyKind.OPENSENTRY);
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        return server.post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static void assertError(HttpResponse<String> res, int status, String error) {
        assertThat(res.statusCode()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(res.body()).isEqualTo("{\"error\":\"" + error + "\"}");
    }

    @Test
    void acceptsWith202AndAnId() throws IOException {
        HttpResponse<String> res = post("/v1/ingest", ERROR, Map.of("X-Open-Sentry-Key", key));
        assertThat(res.statusCode()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(res.body());
        assertThat(body.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(res.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void everyCredentialSourceIsAccepted() {
        assertThat(post("/v1/ingest", ERROR, Map.of("X-Sentry-Clone-Key", key)).statusCode()).isEqualTo(202);
        assertThat(post("/v1/ingest?key=" + key, ERROR, Map.of()).statusCode()).isEqualTo(202);
        assertThat(post("/v1/ingest?key=" + key + "&key=" + key, ERROR, Map.of()).statusCode()).isEqualTo(202);
        // Header wins over query; an empty header counts as missing.
        assertThat(post("/v1/ingest?key=wrong", ERROR, Map.of("X-Open-Sentry-Key", key)).statusCode()).isEqualTo(202);
        assertThat(post("/v1/ingest?key=" + key, ERROR, Map.of("X-Open-Sentry-Key", "")).statusCode()).isEqualTo(202);
    }

    @Test
    void missingKeyIs401BeforeAnythingElse() {
        assertError(post("/v1/ingest", "not json", Map.of()), 401, "Missing auth key");
        assertError(post("/v1/ingest", "x".repeat(300_000), Map.of()), 401, "Missing auth key");
    }

    @Test
    void oversizedBodyIs413EvenWithAnUnknownKey() {
        assertError(post("/v1/ingest", "x".repeat(262_145), Map.of("X-Open-Sentry-Key", "nope")), 413,
                "Payload too large");
        // Exactly at the limit is not too large (it is just not JSON).
        assertError(post("/v1/ingest", "x".repeat(262_144), Map.of("X-Open-Sentry-Key", key)), 400, "Invalid JSON");
    }

    @Test
    void chunkedBodyIsMeasuredOnBytesRead() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.server().port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/ingest HTTP/1.1\r\nHost: x\r\nX-Open-Sentry-Key: " + key
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "y".repeat(65_536).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void invalidJsonIs400() {
        for (String body : new String[] {"{", "", "{\"type\":\"error\"} trailing", "NaN", "{'a':1}"}) {
            assertError(post("/v1/ingest", body, Map.of("X-Open-Sentry-Key", key)), 400, "Invalid JSON");
        }
    }

    @Test
    void schemaViolationsAre400InvalidPayloadEvenWithAnUnknownKey() {
        String[] bodies = {
            "null", "\"x\"", "42", "[]", "[" + (ERROR + ",").repeat(20) + ERROR + "]", "{\"type\":\"nope\"}",
            "{\"type\":\"error\"}", "{\"type\":\"error\",\"exception\":null}",
            "{\"type\":\"error\",\"exception\":{\"type\":null}}",
            "{\"type\":\"error\",\"exception\":{},\"level\":\"ERROR\"}",
            "{\"type\":\"error\",\"exception\":{},\"tags\":{\"a\":null}}",
            "{\"type\":\"error\",\"exception\":{},\"tags\":{\"a\":{}}}",
            "{\"type\":\"error\",\"exception\":{\"stacktrace\":{\"frames\":[" + "{},".repeat(100) + "{}]}}}",
            "{\"type\":\"error\",\"exception\":{},\"breadcrumbs\":[" + "{},".repeat(100) + "{}]}",
            "{\"type\":\"error\",\"exception\":{},\"breadcrumbs\":[{\"data\":[]}]}",
            "{\"type\":\"transaction\",\"name\":\"n\",\"traceId\":\"t\"}",
            "{\"type\":\"transaction\",\"name\":\"n\",\"traceId\":\"t\",\"durationMs\":\"5\"}",
            "{\"type\":\"transaction\",\"name\":\"n\",\"traceId\":\"t\",\"durationMs\":5,\"status\":\"bad\"}",
            "{\"type\":\"transaction\",\"name\":\"n\",\"traceId\":\"t\",\"durationMs\":5,\"spans\":[{\"spanId\":\"s\"}]}",
            "{\"type\":\"ai_generation\",\"provider\":\"\",\"model\":\"m\",\"inputTokens\":1}",
            "{\"type\":\"ai_generation\",\"provider\":\"p\",\"model\":\"m\"}",
            "{\"type\":\"ai_generation\",\"provider\":\"p\",\"model\":\"m\",\"inputTokens\":1.5}",
            "{\"type\":\"ai_generation\",\"provider\":\"p\",\"model\":\"m\",\"inputTokens\":-1}",
            "{\"type\":\"ai_generation\",\"provider\":\"p\",\"model\":\"m\",\"inputTokens\":1,\"totalCostUsd\":-0.1}",
            "[" + ERROR + ",{\"type\":\"error\"}]",
        };
        for (String body : bodies) {
            assertError(post("/v1/ingest", body, Map.of("X-Open-Sentry-Key", "unknown-key")), 400, "Invalid payload");
        }
    }

    @Test
    void unknownKeyIs403AfterValidation() {
        assertError(post("/v1/ingest", ERROR, Map.of("X-Open-Sentry-Key", "unknown-key")), 403, "Invalid DSN key");
        // A key of another protocol is not an Open Sentry key.
        assertError(post("/v1/ingest", ERROR, Map.of("X-Open-Sentry-Key", server.key(KeyKind.PUG_PRIVATE))), 403,
                "Invalid DSN key");
    }

    @Test
    void lenientWhereTheSpecAllows() {
        String body = "[{\"type\":\"error\",\"exception\":{},\"tags\":{\"n\":1,\"b\":true},\"extra\":{\"x\":1}},"
                + "{\"type\":\"transaction\",\"name\":\"n\",\"traceId\":\"t\",\"durationMs\":1.5,\"release\":\"r\"},"
                + "{\"type\":\"ai_generation\",\"provider\":\"p\",\"model\":\"m\",\"inputTokens\":3.0}]";
        assertThat(post("/v1/ingest", body, Map.of("X-Open-Sentry-Key", key)).statusCode()).isEqualTo(202);
        String twenty = "[" + (ERROR + ",").repeat(19) + ERROR + "]";
        assertThat(post("/v1/ingest", twenty, Map.of("X-Open-Sentry-Key", key)).statusCode()).isEqualTo(202);
    }

    @Test
    void preflightAllowsTheCustomHeaders() {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/ingest"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST").build());
        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(res.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(res.headers().firstValue("access-control-allow-headers").orElse(""))
                .contains("Content-Type", "X-Open-Sentry-Key", "X-Sentry-Clone-Key");
    }

    @Test
    void healthAndReadiness() {
        HttpResponse<String> health = server.get("/health", java.util.Optional.empty());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(server.get("/ready", java.util.Optional.empty()).statusCode()).isEqualTo(200);
        // The counters appear once something was committed and something refused.
        assertThat(server.ingest(ERROR).statusCode()).isEqualTo(202);
        assertThat(post("/v1/ingest", "{}", Map.of()).statusCode()).isEqualTo(401);
        assertThat(server.get("/metrics", java.util.Optional.empty()).body())
                .contains("sluice_requests_rejected_total", "sluice_ingest_queue_depth", "sluice_commit_items");
    }

    @Test
    void traceStaxBearerIsNotTakenForOpenSentry() {
        HttpResponse<String> res = post("/v1/ingest", "{}", Map.of("Authorization", "Bearer ts_live_x"));
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains("\"code\":\"unauthorized\"");
    }
}
