package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Sentry wire contract with raw HTTP: where keys are found, answers and their headers, limits. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryContractTest {

    private static final String EVENT = "{\"event_id\":\"%s\",\"level\":\"error\",\"platform\":\"javascript\","
            + "\"exception\":{\"values\":[{\"type\":\"TypeError\",\"value\":\"x is undefined\",\"stacktrace\":"
            + "{\"frames\":[{\"filename\":\"app.js\",\"function\":\"main\",\"in_app\":true,\"lineno\":1},"
            + "{\"filename\":\"cart.js\",\"function\":\"add\",\"in_app\":true,\"lineno\":9}]}}]},"
            + "\"tags\":[[\"browser\",\"firefox\"]],\"fingerprint\":[\"{{ default }}\",\"cart\"]}";

    @TempDir
    Path dir;

    static String envelope(String header, String... items) {
        StringBuilder b = new StringBuilder(header).append('\n');
        for (String item : items) {
            b.append(item).append('\n');
        }
        return b.toString();
    }

    static String eventItem(String id, boolean withLength) {
        String payload = EVENT.formatted(id);
        String header = withLength
                ? "{\"type\":\"event\",\"length\":" + payload.getBytes(StandardCharsets.UTF_8).length + "}"
                : "{\"type\":\"event\"}";
        return header + "\n" + payload;
    }

    @Test
    void keysFromEveryPlaceUnknownItemsSkippedCompressedBodies(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            String key = s.key(KeyKind.OPENSENTRY);
            String id1 = "a".repeat(32);
            HttpResponse<String> byHeader = s.post("/api/1/envelope/", envelope("{\"event_id\":\"" + id1 + "\"}",
                    eventItem(id1, true), "{\"type\":\"future_thing\",\"length\":3}\nabc",
                    "{\"type\":\"client_report\"}\n{\"discarded_events\":[{\"reason\":\"queue_overflow\","
                            + "\"category\":\"error\",\"quantity\":4}]}").getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=raw/1, sentry_key=" + key));
            assertThat(byHeader.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(byHeader.body()).get("id").asText()).isEqualTo(id1);
            assertThat(byHeader.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

            String id2 = "b".repeat(32);
            assertThat(s.post("/api/1/envelope/?sentry_key=" + key + "&sentry_version=7",
                    gzip(envelope("{}", eventItem(id2, false))), Map.of("Content-Encoding", "gzip",
                            "Content-Type", "text/plain;charset=UTF-8")).statusCode()).isEqualTo(200);
            String id3 = "c".repeat(32);
            String dsn = SentryIngest.dsn(s.baseUrl(), key, 1);
            assertThat(s.post("/api/1/envelope/", deflate(envelope("{\"dsn\":\"" + dsn + "\"}", eventItem(id3, true))),
                    Map.of("Content-Encoding", "deflate")).statusCode()).isEqualTo(200);
            String id4 = "d".repeat(32);
            assertThat(s.post("/api/1/store/", EVENT.formatted(id4).getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key)).statusCode()).isEqualTo(200);
            // A retry of an event already stored is acknowledged and not stored again.
            assertThat(s.post("/api/1/store/", EVENT.formatted(id4).getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key)).statusCode()).isEqualTo(200);

            ApiClient api = new ApiClient(s.baseUrl(), s.adminToken());
            JsonNode issue = api.issues().get(0);
            assertThat(api.issues()).hasSize(1);
            assertThat(issue.get("count").asLong()).isEqualTo(4);
            JsonNode event = api.events(issue.get("id").asText()).get(0);
            assertThat(event.at("/exception/stacktrace/frames/0/function").asText()).isEqualTo("add");
            assertThat(event.at("/tags/browser").asText()).isEqualTo("firefox");
            String metrics = s.get("/metrics").body();
            assertThat(metrics).contains("sluice_sentry_items_ignored_total{type=\"future_thing\"} 1.0")
                    .contains("sluice_sentry_client_discarded_total{category=\"error\",reason=\"queue_overflow\"} 4.0");
        }
    }

    @Test
    void refusalsAnswerDetailAndStoreNothing(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            String key = s.key(KeyKind.OPENSENTRY);
            byte[] ok = envelope("{}", eventItem("e".repeat(32), true)).getBytes(StandardCharsets.UTF_8);
            assertRefused(s.post("/api/1/envelope/", ok, Map.of()), 401);
            assertRefused(s.post("/api/1/envelope/", ok, Map.of("X-Sentry-Auth", "Sentry sentry_key=os_nope")), 403);
            assertRefused(s.post("/api/1/envelope/", ok,
                    Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.PUG_PUBLIC))), 403);
            assertRefused(s.post("/api/7/envelope/", ok, Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key)), 403);
            Map<String, String> auth = Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key);
            assertRefused(s.post("/api/1/envelope/", "{}\n{\"type\":\"event\",\"length\":999}\n{}".getBytes(
                    StandardCharsets.UTF_8), auth), 400);
            assertRefused(s.post("/api/1/envelope/", "{}\n{\"type\":\"event\"}\n[1,2]".getBytes(
                    StandardCharsets.UTF_8), auth), 400);
            assertRefused(s.post("/api/1/envelope/", "not gzip".getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key, "Content-Encoding", "br")), 415);
            String big = "{\"message\":\"" + "x".repeat(1_000_001) + "\"}";
            assertRefused(s.post("/api/1/envelope/", envelope("{}", "{\"type\":\"event\"}\n" + big)
                    .getBytes(StandardCharsets.UTF_8), auth), 413);
            assertThat(new ApiClient(s.baseUrl(), s.adminToken()).issues()).isEmpty();

            // A new project's key comes with its DSN; the DSN reaches that project and no other.
            s.post("/api/admin/projects", "{\"name\":\"shop\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", "Bearer " + s.adminToken()));
            JsonNode created = Json.MAPPER.readTree(s.post("/api/admin/keys",
                    "{\"project\":\"shop\",\"type\":\"opensentry\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", "Bearer " + s.adminToken())).body());
            String shopDsn = created.get("sentryDsn").asText();
            assertThat(shopDsn).endsWith("/2").contains(created.get("key").asText() + "@");
            Map<String, String> shopAuth = Map.of("X-Sentry-Auth", "Sentry sentry_key=" + created.get("key").asText());
            Thread.sleep(50);
            assertRefused(s.post("/api/1/envelope/", ok, shopAuth), 403);
            assertThat(s.post("/api/2/envelope/", ok, shopAuth).statusCode()).isEqualTo(200);
            assertThat(new ApiClient(s.baseUrl(), s.adminToken()).issues()).isEmpty();
            assertThat(new ApiClient(s.baseUrl(), s.adminToken()).all("/api/projects/shop/issues", 50)).hasSize(1);

            HttpResponse<String> preflight = s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/1/envelope/"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://shop.example")
                    .header("Access-Control-Request-Method", "POST").timeout(Duration.ofSeconds(10)).build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                    .contains("X-Sentry-Auth");
        }
    }

    @Test
    void overTheLimitAnswers429WithSentryRateLimits(StoreKind kind) {
        ServerConfig config = kind.config(dir).withProtocols(new ServerConfig.Protocols(2, 0));
        try (TestServer s = TestServer.start(config)) {
            Map<String, String> auth = Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY));
            for (int i = 0; i < 2; i++) {
                assertThat(s.post("/api/1/envelope/", envelope("{}", eventItem(Integer.toString(i).repeat(32), true))
                        .getBytes(StandardCharsets.UTF_8), auth).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = s.post("/api/1/envelope/", envelope("{}", eventItem("9".repeat(32), true))
                    .getBytes(StandardCharsets.UTF_8), auth);
            assertRefused(limited, 429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.headers().firstValue("X-Sentry-Rate-Limits").orElseThrow()).matches("\\d+:error:key");
            assertThat(new ApiClient(s.baseUrl(), s.adminToken()).issues().get(0).get("count").asLong()).isEqualTo(2);
        }
    }

    @Test
    void nearTheLimitTwoHundredsCarrySentryRateLimits() {
        ServerConfig config = ServerConfig.defaults(dir).withProtocols(new ServerConfig.Protocols(20, 0));
        try (TestServer s = TestServer.start(config)) {
            Map<String, String> auth = Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY));
            for (int i = 1; i <= 20; i++) {
                HttpResponse<String> ok = s.post("/api/1/envelope/", envelope("{}", eventItem(
                        String.format("%032d", i), true)).getBytes(StandardCharsets.UTF_8), auth);
                assertThat(ok.statusCode()).isEqualTo(200);
                // 10 % of 20 per minute: from the 18th request on, 2 or fewer are left.
                if (i < 18) {
                    assertThat(ok.headers().firstValue("X-Sentry-Rate-Limits")).as("request " + i).isEmpty();
                } else {
                    assertThat(ok.headers().firstValue("X-Sentry-Rate-Limits").orElseThrow()).as("request " + i)
                            .matches("([1-9]|[1-5][0-9]|60):error:key");
                }
            }
            assertRefused(s.post("/api/1/envelope/", envelope("{}", eventItem("f".repeat(32), true))
                    .getBytes(StandardCharsets.UTF_8), auth), 429);
        }
    }

    private static void assertRefused(HttpResponse<String> res, int status) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("X-Sentry-Error")).isPresent();
        try {
            assertThat(Json.MAPPER.readTree(res.body()).get("detail").asText()).isNotEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] gzip(String s) throws java.io.IOException {
        return gzip(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] bytes) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] deflate(String s) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
