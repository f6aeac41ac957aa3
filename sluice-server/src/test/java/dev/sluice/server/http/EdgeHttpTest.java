package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.testing.http.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edge as clients meet it, against the real server on loopback: unknown routes, request
 * {@code Content-Encoding}, HTTP/1.0, broken chunked framing and deep JSON. Every protocol keeps its shape.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class EdgeHttpTest {

    private static final String ERROR = "{\"type\":\"error\",\"exception\":{\"type\":\"Error\",\"value\":\"compressed\"}}";
    private static final String TASK = "{\"title\":\"Disk almost full\",\"source\":\"sdk\"}";
    private static final String JOB = "{\"type\":\"task_event\",\"framework\":\"celery\",\"language\":\"python\","
            + "\"sdk_version\":\"1\",\"status\":\"succeeded\",\"worker\":{\"key\":\"w1\",\"hostname\":\"h\",\"pid\":1,"
            + "\"concurrency\":1,\"queues\":[\"q\"]},\"task\":{\"name\":\"t\",\"id\":\"id-%s\",\"queue\":\"q\",\"attempt\":1}}";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start(StoreKind kind) {
        server = kind.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void unknownRoutesAnswer404WithAJsonBodyForEveryMethod() {
        for (String path : new String[] {"/v1/nothing", "/v1/events", "/api/nothing", "/nothing", "/a/b/c",
                "/not.a.pug/Service", "/api/projects/default/nothing"}) {
            for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> res = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(res.statusCode()).as(method + " " + path).isEqualTo(404);
                assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json(res.body()).path("error").asText()).contains(path);
            }
        }
        // A Pug service we do not serve is still a Connect call: unimplemented, in Connect's shape.
        HttpResponse<String> devices = server.post("/sdk.devices.v1.DevicesService/Subscribe", new byte[0],
                Map.of("Content-Type", "application/proto", "x-api-key", server.key(KeyKind.PUG_PRIVATE)));
        assertThat(devices.statusCode()).isEqualTo(501);
        assertThat(json(devices.body()).path("code").asText()).isEqualTo("unimplemented");
    }

    @Test
    void gzipDeflateAndIdentityBodiesAreAcceptedOnEveryIngestRoute() throws IOException {
        String os = server.key(KeyKind.OPENSENTRY);
        for (String encoding : new String[] {"gzip", "x-gzip", "deflate", "deflate-raw", "identity"}) {
            HttpResponse<String> openSentry = post("/v1/ingest", encoding, ERROR,
                    Map.of("X-Open-Sentry-Key", os));
            assertThat(openSentry.statusCode()).as("open sentry " + encoding).isEqualTo(202);

            HttpResponse<String> tailpoint = post("/api/v1/ingest/tasks", encoding,
                    TASK.replace("Disk", "Disk " + encoding),
                    Map.of("Authorization", "Bearer " + server.key(KeyKind.TAILPOINT_LIVE)));
            assertThat(tailpoint.statusCode()).as("tailpoint " + encoding).isEqualTo(201);

            HttpResponse<String> traceStax = post("/v1/ingest", encoding, JOB.formatted(encoding),
                    Map.of("Authorization", "Bearer " + server.key(KeyKind.TRACESTAX_LIVE)));
            assertThat(traceStax.statusCode()).as("tracestax " + encoding).isEqualTo(202);
            assertThat(json(traceStax.body()).path("accepted").asInt()).isEqualTo(1);
        }
        assertThat(server.get("/api/projects/default/issues").body()).contains("compressed");
    }

    @Test
    void anUnsupportedEncodingIs415InEachProtocolsShape() {
        Map<String, String> br = Map.of("Content-Type", "application/json", "Content-Encoding", "br");
        HttpResponse<String> openSentry = server.post("/v1/ingest", ERROR.getBytes(StandardCharsets.UTF_8),
                with(br, "X-Open-Sentry-Key", server.key(KeyKind.OPENSENTRY)));
        assertThat(openSentry.statusCode()).isEqualTo(415);
        assertThat(json(openSentry.body()).path("error").asText()).contains("br").contains("gzip");

        HttpResponse<String> tailpoint = server.post("/api/v1/ingest/tasks", TASK.getBytes(StandardCharsets.UTF_8),
                with(br, "Authorization", "Bearer " + server.key(KeyKind.TAILPOINT_LIVE)));
        assertThat(tailpoint.statusCode()).isEqualTo(415);
        assertThat(json(tailpoint.body()).path("statusCode").asInt()).isEqualTo(415);
        assertThat(json(tailpoint.body()).path("success").asBoolean(true)).isFalse();

        HttpResponse<String> traceStax = server.post("/v1/ingest", JOB.formatted("br").getBytes(StandardCharsets.UTF_8),
                with(br, "Authorization", "Bearer " + server.key(KeyKind.TRACESTAX_LIVE)));
        assertThat(traceStax.statusCode()).isEqualTo(415);
        assertThat(json(traceStax.body()).path("error").path("code").asText()).isEqualTo("unsupported_encoding");

        HttpResponse<String> admin = server.post("/api/admin/projects", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                with(br, "Authorization", "Bearer " + server.adminToken()));
        assertThat(admin.statusCode()).isEqualTo(415);
        assertThat(json(admin.body()).path("error").asText()).contains("br");
    }

    @Test
    void aGzipBombIs413WithoutBeingInflated() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(262_144); // small on the wire, 64 MiB inflated
        HttpResponse<String> res = server.post("/v1/ingest", bomb.toByteArray(), Map.of("Content-Type",
                "application/json", "Content-Encoding", "gzip", "X-Open-Sentry-Key", server.key(KeyKind.OPENSENTRY)));
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("Payload too large");

        HttpResponse<String> corrupt = server.post("/v1/ingest", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3},
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip",
                        "X-Open-Sentry-Key", server.key(KeyKind.OPENSENTRY)));
        assertThat(corrupt.statusCode()).isEqualTo(400);
    }

    @Test
    void http10RequestsAreServedAndTheConnectionIsClosed() {
        // What HAProxy's httpchk sends: no Host header, HTTP/1.0.
        RawHttp.Answer health = RawHttp.exchange(server.server().port(), "GET /health HTTP/1.0\r\n\r\n", 10_000);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(health.closedByServer()).isTrue();

        // nginx's default proxying: HTTP/1.0 with a body and Content-Length.
        String body = ERROR;
        RawHttp.Answer ingest = RawHttp.exchange(server.server().port(), "POST /v1/ingest HTTP/1.0\r\nHost: sluice\r\n"
                + "Content-Type: application/json\r\nX-Open-Sentry-Key: " + server.key(KeyKind.OPENSENTRY) + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body, 10_000);
        assertThat(ingest.status()).isEqualTo(202);
        assertThat(ingest.closedByServer()).isTrue();
    }

    @Test
    void malformedChunkedFramingIs400NotA500() {
        for (String size : new String[] {"zz", "-1", "ffffffffffff"}) {
            RawHttp.Answer a = RawHttp.exchange(server.server().port(), "POST /v1/ingest HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nX-Open-Sentry-Key: " + server.key(KeyKind.OPENSENTRY) + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\nabc\r\n0\r\n\r\n", 10_000);
            assertThat(a.status()).as(size).isEqualTo(400);
            assertThat(json(a.body()).path("error").asText()).contains("chunked");
            assertThat(a.closedByServer()).as("the unusable rest of the stream is not read as a next request").isTrue();

            RawHttp.Answer tailpoint = RawHttp.exchange(server.server().port(), "POST /api/v1/ingest/tasks HTTP/1.1\r\n"
                    + "Host: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size
                    + "\r\nabc\r\n0\r\n\r\n", 10_000);
            assertThat(tailpoint.status()).as(size).isEqualTo(400);
            assertThat(json(tailpoint.body()).path("statusCode").asInt()).isEqualTo(400);
        }
        // A chunk size beyond any limit is refused without waiting for gigabytes.
        RawHttp.Answer huge = RawHttp.exchange(server.server().port(), "POST /v1/ingest HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nX-Open-Sentry-Key: " + server.key(KeyKind.OPENSENTRY) + "\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n7fffffff\r\nabc", 10_000);
        assertThat(huge.status()).isEqualTo(413);
    }

    @Test
    void aMethodThatIsNotAnHttpTokenIs400NotA500() {
        // Found by HttpRawRequestFuzzTest: Helidon's token check threw while reading the request line (a 500).
        for (String method : new String[] {"GE\u00d4\u00d4T", "G\u0001T", "GE\u00d4T"}) {
            for (String tail : new String[] {" /health HTTP/1.1\r\nHost: x\r\n\r\n", " /health\r\n"}) {
                RawHttp.Answer a = RawHttp.exchange(server.server().port(), method + tail, 10_000);
                assertThat(a.status()).as(method + tail).isEqualTo(400);
                assertThat(a.body()).contains("malformed request line");
            }
        }
        // A well-formed but unknown method is still routed (404 or 405), not refused as malformed.
        assertThat(RawHttp.exchange(server.server().port(), "BREW /health HTTP/1.1\r\nHost: x\r\n\r\n", 10_000)
                .status()).isBetween(400, 499);
    }

    @Test
    void deeplyNestedJsonIsAClientError() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String error = "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v\"},\"tags\":" + deep + "}";
        HttpResponse<String> res = server.ingest(error);
        assertThat(res.statusCode()).isEqualTo(400);
        HttpResponse<String> task = server.post("/api/v1/ingest/tasks", ("{\"title\":\"t\",\"metadata\":{\"a\":" + deep
                + "}}").getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + server.key(KeyKind.TAILPOINT_LIVE)));
        assertThat(task.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String path, String encoding, String json, Map<String, String> auth)
            throws IOException {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = switch (encoding) {
            case "gzip", "x-gzip" -> gzip(raw);
            case "deflate" -> deflate(raw, false);
            case "deflate-raw" -> deflate(raw, true);
            default -> raw;
        };
        Map<String, String> headers = new java.util.HashMap<>(auth);
        headers.put("Content-Type", "application/json");
        headers.put("Content-Encoding", encoding.equals("deflate-raw") ? "deflate" : encoding);
        return server.post(path, body, headers);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] raw, boolean nowrap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, nowrap);
        try (OutputStream d = new DeflaterOutputStream(out, deflater)) {
            d.write(raw);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> out = new java.util.HashMap<>(base);
        out.put(name, value);
        return out;
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
