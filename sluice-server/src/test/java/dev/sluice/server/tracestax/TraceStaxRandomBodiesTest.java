package dev.sluice.server.tracestax;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random bodies against the real server: valid payloads mutated field by field, plus raw noise, on
 * every endpoint. Properties: never a 5xx; every answer is one of the spec's; and refusals store nothing —
 * the runs stored equal the task events the server said it accepted (each generated task id is unique).
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TraceStaxRandomBodiesTest {

    private static final long SEED = 20261122L;
    private static final int REQUESTS = 1200;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> PATHS = List.of("/v1/ingest", "/v1/ingest", "/v1/heartbeat", "/v1/snapshot",
            "/v1/lineage", "/v1/dump");

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);

    @Test
    void randomBodiesNeverFailTheServerOrStoreRefusedData(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            TsClient ts = new TsClient(s, s.key(KeyKind.TRACESTAX_LIVE));
            Map<String, String> headers = Map.of("Authorization", "Bearer " + ts.key);
            // More requests than the default 500 a minute: this test is not about the rate limit.
            assertThat(ts.admin("PUT", "/api/projects/default/jobs/settings", "{\"ratePerMinute\":100000}")
                    .statusCode()).isEqualTo(200);
            long acceptedEvents = 0;
            for (int i = 0; i < REQUESTS; i++) {
                String path = PATHS.get(random.nextInt(PATHS.size()));
                byte[] body;
                if (random.nextInt(10) == 0) {
                    body = new byte[random.nextInt(64)];
                    random.nextBytes(body);
                } else {
                    body = Json.MAPPER.writeValueAsBytes(payload(path, i));
                }
                HttpResponse<String> res = s.post(path, body, headers);
                String shown = new String(body, StandardCharsets.UTF_8);
                assertThat(res.statusCode()).as("request %d to %s: %s → %s", i, path, shown, res.body())
                        .isIn(200, 202, 400, 402);
                JsonNode answer = TsClient.json(res.body());
                assertThat(answer.isObject()).isTrue();
                if (res.statusCode() >= 400) {
                    assertThat(answer.at("/error/code").asText()).isIn("invalid_json", "validation_error");
                } else if (path.equals("/v1/ingest")) {
                    acceptedEvents += answer.get("accepted").asLong();
                }
            }
            assertThat(countRuns(ts)).isEqualTo(acceptedEvents);
        }
    }

    private static long countRuns(TsClient ts) {
        long count = 0;
        String cursor = "";
        for (int page = 0; page < 100; page++) {
            JsonNode json = ts.api("/api/projects/default/jobs/runs?limit=200" + cursor);
            count += json.get("items").size();
            if (json.get("nextCursor").isNull()) {
                return count;
            }
            cursor = "&cursor=" + json.get("nextCursor").asText();
        }
        throw new AssertionError("too many pages");
    }

    private JsonNode payload(String path, int i) {
        return switch (path) {
            case "/v1/ingest" -> {
                if (random.nextBoolean()) {
                    yield mutate(event(i, 0), true);
                }
                ObjectNode root = F.objectNode();
                ArrayNode events = root.putArray("events");
                int n = 1 + random.nextInt(5);
                for (int k = 0; k < n; k++) {
                    events.add(mutate(event(i, k), true));
                }
                yield random.nextInt(20) == 0 ? mutate(root, false) : root;
            }
            case "/v1/heartbeat" -> mutate((ObjectNode) TsClient.json(TsClient.heartbeat("w" + i, random.nextBoolean())), false);
            case "/v1/snapshot" -> mutate((ObjectNode) TsClient.json("{\"framework\":\"go\",\"queue_name\":\"q\",\"depth\":3,"
                    + "\"active_count\":1,\"failed_count\":0,\"timestamp\":\"2026-11-22T06:00:00Z\"}"), false);
            case "/v1/lineage" -> mutate((ObjectNode) TsClient.json("{\"parent_id\":\"p" + i + "\",\"chain_id\":\"c\","
                    + "\"children\":[{\"id\":\"a\",\"task_name\":\"t\"}]}"), false);
            default -> mutate((ObjectNode) TsClient.json("{\"cmd_id\":\"c\",\"worker_key\":\"w\",\"dump_text\":\"d\"}"), false);
        };
    }

    private ObjectNode event(int i, int k) {
        return (ObjectNode) TsClient.json(TsClient.event("r" + i + "-" + k, "job", random.nextBoolean() ? "failed" : "started",
                random.nextInt(3), "w", "\"error\":{\"type\":\"E\",\"message\":\"m\"},\"metrics\":{\"duration_ms\":1.5}"));
    }

    /** Replaces or removes a few fields (top level or one level down) with values of random types. */
    private JsonNode mutate(ObjectNode node, boolean keepIdsUnique) {
        int changes = random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            ObjectNode target = node;
            List<String> fields = iterate(target);
            if (fields.isEmpty()) {
                break;
            }
            String field = fields.get(random.nextInt(fields.size()));
            if (target.get(field).isObject() && random.nextBoolean()) {
                target = (ObjectNode) target.get(field);
                List<String> inner = iterate(target);
                if (inner.isEmpty()) {
                    continue;
                }
                field = inner.get(random.nextInt(inner.size()));
            }
            // A task id may only become invalid, never another valid id, so accepted runs stay distinct.
            boolean isId = keepIdsUnique && field.equals("id");
            JsonNode junk = junk(isId);
            if (junk == null) {
                target.remove(field);
            } else {
                target.set(field, junk);
            }
        }
        return node;
    }

    private static List<String> iterate(ObjectNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private JsonNode junk(boolean invalidOnly) {
        return switch (random.nextInt(invalidOnly ? 4 : 9)) {
            case 0 -> null;
            case 1 -> F.nullNode();
            case 2 -> F.objectNode().put("x", 1);
            case 3 -> F.textNode("x".repeat(300));
            case 4 -> F.numberNode(random.nextInt(1000) - 500);
            case 5 -> F.textNode(random.nextBoolean() ? "" : "\u0000\ud83d\ude00");
            case 6 -> F.booleanNode(random.nextBoolean());
            case 7 -> F.arrayNode().add("a").add(2);
            default -> F.numberNode(random.nextDouble() * 1e20);
        };
    }
}
