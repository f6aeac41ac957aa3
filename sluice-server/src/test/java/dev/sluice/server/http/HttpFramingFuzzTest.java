package dev.sluice.server.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.testing.http.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the whole HTTP edge of a real server on loopback (replays the seed corpus under
 * {@code ./mvnw verify}; explores with {@code JAZZER_FUZZ=1}, as {@code .ci/run} does). Each input picks a
 * route with a valid key, a framing (Content-Length, chunked with any chunk size, identity or gzip encoding) and
 * hostile headers and body. Properties: an answer comes within 10 s, it is never a 5xx (a 503 must carry
 * {@code Retry-After}), and a refused request (4xx) stores nothing.
 *
 * <p>Input classes the server is known to get wrong on this branch's base (issue 8, being fixed in parallel)
 * are left out unless {@code -Dsluice.fuzz.http.all=true}: HTTP/1.0 requests (answered 505), malformed chunk
 * framing (500), and an unsupported {@code Content-Encoding} value (400 with an empty body is not a 5xx, so it
 * stays in).
 */
class HttpFramingFuzzTest {

    private static final boolean ALL = Boolean.getBoolean("sluice.fuzz.http.all");
    private static final List<String> DATA_TABLES = List.of("error_events", "transactions", "ai_generations", "tasks",
            "job_events", "job_runs", "analytics_events");
    private static Path dir;
    private static TestServer server;

    private record Route(String method, String path, String authHeader, KeyKind key, String contentType) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/v1/ingest", "X-Open-Sentry-Key: ", KeyKind.OPENSENTRY, "application/json"),
            new Route("POST", "/v1/ingest", "Authorization: Bearer ", KeyKind.TRACESTAX_LIVE, "application/json"),
            new Route("POST", "/v1/heartbeat", "Authorization: Bearer ", KeyKind.TRACESTAX_LIVE, "application/json"),
            new Route("POST", "/api/v1/ingest/tasks", "Authorization: Bearer ", KeyKind.TAILPOINT_LIVE, "application/json"),
            new Route("POST", "/sdk.events.v1.EventsService/BatchCreate", "x-api-key: ", KeyKind.PUG_PRIVATE,
                    "application/json"),
            new Route("POST", "/sdk.events.v1.EventsService/BatchCreate", "x-api-key: ", KeyKind.PUG_PRIVATE,
                    "application/proto"),
            new Route("POST", "/sdk.profiles.v1.ProfilesService/Identify", "x-api-key: ", KeyKind.PUG_PRIVATE,
                    "application/proto"),
            new Route("GET", "/health", "X-Nothing: ", KeyKind.OPENSENTRY, "text/plain"));

    private static synchronized TestServer server() throws IOException {
        if (server == null) {
            dir = Files.createTempDirectory("sluice-http-fuzz-");
            server = TestServer.sqlite(dir);
        }
        return server;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyFramedRequestIsAnsweredWithoutServerErrorAndRefusalsStoreNothing(FuzzedDataProvider data)
            throws IOException {
        TestServer s = server();
        Route route = data.pickValue(ROUTES);
        boolean http10 = ALL && data.consumeBoolean();
        int framing = data.consumeInt(0, ALL ? 3 : 2); // 0 length, 1 chunked, 2 chunked+gzip, 3 broken chunks
        String extraName = data.consumeString(16).replaceAll("[^A-Za-z0-9-]", "");
        String extraValue = data.consumeString(64).replaceAll("[\\r\\n]", "");
        String encoding = data.pickValue(List.of("", "identity", "gzip", "deflate", "br", "x-unknown"));
        int chunkSize = data.consumeInt(1, 4096);
        byte[] body = data.consumeBytes(1024);
        if (framing == 2) {
            encoding = "gzip";
            body = gzip(body);
        }

        StringBuilder head = new StringBuilder();
        head.append(route.method()).append(' ').append(route.path()).append(http10 ? " HTTP/1.0\n" : " HTTP/1.1\n");
        head.append("Host: 127.0.0.1\n");
        head.append(route.authHeader()).append(s.key(route.key())).append('\n');
        head.append("Content-Type: ").append(route.contentType()).append('\n');
        head.append("connect-protocol-version: 1\n");
        head.append("Connection: close\n");
        if (!encoding.isEmpty()) {
            head.append("Content-Encoding: ").append(encoding).append('\n');
        }
        if (!extraName.isEmpty()) {
            head.append(extraName).append(": ").append(extraValue).append('\n');
        }
        byte[] framed;
        if (framing == 0) {
            head.append("Content-Length: ").append(body.length).append('\n');
            framed = body;
        } else {
            head.append("Transfer-Encoding: chunked\n");
            framed = framing == 3 ? brokenChunks(body, data) : RawHttp.chunk(body, chunkSize);
        }

        long before = stored(s);
        RawHttp.Response res = RawHttp.exchange(s.server().port(), RawHttp.request(head.toString(), framed),
                Duration.ofSeconds(10));
        if (res.status() >= 500 && !(res.status() == 503 && res.headers().containsKey("retry-after"))) {
            throw new AssertionError(res.status() + " for " + route + " framing=" + framing + " encoding=" + encoding
                    + " http10=" + http10 + ": " + res.bodyText());
        }
        if (res.status() >= 400 && stored(s) != before) {
            throw new AssertionError("refused with " + res.status() + " but rows were stored: " + route);
        }
    }

    private static byte[] brokenChunks(byte[] body, FuzzedDataProvider data) {
        String size = data.pickValue(List.of("zz", "-1", "fffffffffffffffff", "", " 1", "1;x=" + "a".repeat(200)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long stored(TestServer s) {
        StringBuilder sql = new StringBuilder("SELECT 0");
        for (String t : DATA_TABLES) {
            sql.append(" + (SELECT COUNT(*) FROM ").append(t).append(')');
        }
        return s.server().store().read(c -> {
            try (var rs = c.createStatement().executeQuery(sql.toString())) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
