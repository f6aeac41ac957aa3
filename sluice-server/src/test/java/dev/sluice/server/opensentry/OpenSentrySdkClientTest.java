package dev.sluice.server.opensentry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Open Sentry npm SDK ({@code @zapdev-labs/sentry-clone} 0.1.4, driven by
 * {@code src/test/node/sdk-client.mjs}) against a real server: what the SDK puts on the wire — the DSN-derived
 * URL, the key header, 20-item batches, single-object bodies, the browser beacon's doubled {@code key} query —
 * is accepted, and everything it sent reads back through the REST API exactly once, grouped and priced.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OpenSentrySdkClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everythingTheSdkSendsIsStoredGroupedAndPriced(StoreKind kind) throws Exception {
        try (TestServer server = kind.start(dir)) {
            String key = server.key(KeyKind.OPENSENTRY);
            String dsn = "http://" + key + "@127.0.0.1:" + server.server().port() + "/v1/ingest";

            NodeScript.Result run = NodeScript.run("sdk-client.mjs", Map.of("SLUICE_DSN", dsn), 60);

            assertThat(run.exitCode()).as("node exit; stdout:\n%s\nstderr:\n%s", run.stdout(), run.stderr())
                    .isZero();
            assertWire(run, key);
            ApiClient api = new ApiClient(server.baseUrl(), server.adminToken());
            assertIssues(api);
            assertTransaction(api);
            assertAiUsage(api);
            assertCostSources(server);
        }
    }

    /** 35 items: a 20-item array, a 14-item array (SDK fetch path) and one object by beacon, all 202. */
    private static void assertWire(NodeScript.Result run, String key) throws Exception {
        List<JsonNode> requests = new ArrayList<>();
        for (String line : run.lines("SLUICE_REQUEST ")) {
            requests.add(JSON.readTree(line));
        }
        assertThat(requests).allSatisfy(r -> assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(202));
        String ingest = "/v1/ingest?key=" + key;
        List<String> fetched = requests.stream().filter(r -> r.get("keyHeader").asBoolean())
                .map(r -> r.get("items").asInt() + " " + r.get("shape").asText() + " " + path(r)).toList();
        assertThat(fetched).containsExactlyInAnyOrder("20 array " + ingest, "14 array " + ingest);
        List<String> beacons = requests.stream().filter(r -> !r.get("keyHeader").asBoolean())
                .map(r -> r.get("items").asInt() + " " + r.get("shape").asText() + " " + path(r)).toList();
        assertThat(beacons).containsExactly("1 object " + ingest + "&key=" + key);
    }

    private static String path(JsonNode request) {
        String url = request.get("url").asText();
        return url.substring(url.indexOf("/v1/"));
    }

    private static void assertIssues(ApiClient api) {
        Map<String, JsonNode> byTitle = api.issues().stream()
                .collect(Collectors.toMap(i -> i.get("title").asText(), Function.identity()));
        Map<String, String> summary = new HashMap<>();
        byTitle.forEach((title, i) -> summary.put(title, i.get("level").asText() + " x" + i.get("count").asLong()));
        assertThat(summary).isEqualTo(Map.of(
                "TypeError: card declined", "error x2",
                "RangeError: quota exceeded", "error x1",
                "warning: cache warmed", "warning x1",
                "Error: plain string failure", "error x1",
                "info: heartbeat", "info x25",
                "info: page hidden", "info x1"));
        assertThat(byTitle.values()).allSatisfy(i -> {
            assertThat(i.get("lastRelease").asText()).isEqualTo("sdk-e2e@1.0.0");
            assertThat(i.get("lastEnvironment").asText()).isEqualTo("e2e");
        });

        String typeErrorId = byTitle.get("TypeError: card declined").get("id").asText();
        JsonNode detail = api.get("/api/projects/default/issues/" + typeErrorId);
        assertThat(detail.get("recentEvents").get("items")).hasSize(2);
        // Page size 1 proves the event cursor walks both occurrences without repeating one.
        List<JsonNode> events = api.all("/api/projects/default/issues/" + typeErrorId + "/events", 1);
        assertThat(events).hasSize(2).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(OpenSentrySdkClientTest::assertSdkErrorEvent);

        JsonNode heartbeat = byTitle.get("info: heartbeat");
        assertThat(api.events(heartbeat.get("id").asText())).hasSize(25)
                .allSatisfy(e -> assertThat(e.get("exception").get("type").asText()).isEqualTo("info"));
    }

    /** The SDK's error shape survived: frames innermost first, scope, runtime breadcrumb, no message field. */
    private static void assertSdkErrorEvent(JsonNode e) {
        assertThat(e.get("level").asText()).isEqualTo("error");
        assertThat(e.get("environment").asText()).isEqualTo("e2e");
        assertThat(e.get("exception").get("value").asText()).isEqualTo("card declined");
        JsonNode top = e.get("exception").get("stacktrace").get("frames").get(0);
        assertThat(top.get("function").asText()).isEqualTo("chargeCard");
        assertThat(top.get("filename").asText()).endsWith("/sdk-client.mjs");
        assertThat(top.get("inApp").asBoolean()).isTrue();
        // The numeric tag arrives as a string: the spec's recommended leniency for plain JavaScript callers.
        assertThat(e.get("tags")).isEqualTo(JSON.createObjectNode().put("suite", "sdk-e2e")
                .put("attempt", "3"));
        assertThat(e.get("user")).isEqualTo(JSON.createObjectNode().put("id", "u-42"));
        assertThat(e.get("breadcrumbs").findValuesAsText("category")).contains("runtime");
        assertThat(e.has("message")).isFalse();
    }

    private static void assertTransaction(ApiClient api) {
        List<JsonNode> txs = api.all("/api/projects/default/transactions", 50);
        assertThat(txs).hasSize(1);
        JsonNode tx = txs.get(0);
        assertThat(tx.get("name").asText()).isEqualTo("GET /checkout");
        assertThat(tx.get("status").asText()).isEqualTo("ok");
        assertThat(tx.get("environment").asText()).isEqualTo("e2e");
        assertThat(tx.get("traceId").asText()).matches("[0-9a-z]+-[0-9a-z]{1,9}");
        JsonNode spans = tx.get("spans");
        assertThat(spans).extracting(s -> s.get("op").asText() + " " + s.get("description").asText())
                .containsExactlyInAnyOrder("db.query SELECT * FROM carts", "http.client POST /payments");
        // Every span hangs off the SDK's root span, which is never sent itself.
        assertThat(spans.findValuesAsText("parentSpanId")).hasSize(2).containsOnly(spans.get(0).get("parentSpanId")
                .asText()).doesNotContainAnyElementsOf(spans.findValuesAsText("spanId"));
        // The script waits 25 ms twice; the SDK measures every span up to the transaction's finish.
        double total = tx.get("durationMs").asDouble();
        assertThat(total).isGreaterThanOrEqualTo(40);
        assertThat(spans).allSatisfy(s -> assertThat(s.get("durationMs").asDouble()).isBetween(15.0, total));
    }

    private static void assertAiUsage(ApiClient api) {
        Instant now = Instant.now();
        JsonNode usage = api.get("/api/projects/default/ai/usage?from=" + now.minus(Duration.ofHours(1))
                + "&to=" + now.plus(Duration.ofHours(1))).get("items");
        Map<String, JsonNode> byModel = new HashMap<>();
        usage.forEach(u -> byModel.put(u.get("provider").asText() + "/" + u.get("model").asText(), u));
        assertThat(byModel).containsOnlyKeys("openai/gpt-4o-mini", "openrouter/anthropic/claude-sonnet-4",
                "acme/acme-llm-1");
        assertUsage(byModel.get("openai/gpt-4o-mini"), "1 1200 300 1500 0 0 unpriced=0 latency=850.0");
        assertUsage(byModel.get("openrouter/anthropic/claude-sonnet-4"), "1 500 100 600 200 0 unpriced=0 latency=1500.0");
        assertUsage(byModel.get("acme/acme-llm-1"), "1 10 5 15 0 0 unpriced=1 latency=unknown");
        // gpt-4o-mini from the shipped table: 1200 x $0.15/M + 300 x $0.60/M; OpenRouter's own `cost` wins.
        assertThat(byModel.get("openai/gpt-4o-mini").get("costUsd").asDouble()).isCloseTo(0.00036, within(1e-12));
        assertThat(byModel.get("openrouter/anthropic/claude-sonnet-4").get("costUsd").asDouble())
                .isCloseTo(0.0042, within(1e-12));
        assertThat(byModel.get("acme/acme-llm-1").get("costUsd").asDouble()).isZero();
    }

    private static void assertUsage(JsonNode u, String expected) {
        String actual = String.join(" ", u.get("generations").asText(), u.get("inputTokens").asText(),
                u.get("outputTokens").asText(), u.get("totalTokens").asText(), u.get("cachedInputTokens").asText(),
                u.get("cacheWriteTokens").asText(), "unpriced=" + u.get("unpricedGenerations").asText(),
                "latency=" + (u.has("avgLatencyMs") ? Double.toString(u.get("avgLatencyMs").asDouble()) : "unknown"));
        assertThat(actual).as(u.toString()).isEqualTo(expected);
    }

    /** Where each cost came from is not in the REST API yet, so read it from the store. */
    private static void assertCostSources(TestServer server) {
        Map<String, String> sources = server.server().store().read(c -> {
            Map<String, String> out = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT model, cost_source FROM ai_generations")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
        assertThat(sources).isEqualTo(Map.of("gpt-4o-mini", "price-table:v1",
                "anthropic/claude-sonnet-4", "client", "acme-llm-1", "unknown"));
    }
}
