package dev.sluice.server.opensentry;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random bodies against the real server: valid items mutated field by field, plus raw byte noise.
 * Properties: never a 5xx; every answer is one of the spec's; and rejected requests store nothing — the
 * stored totals equal the items of the accepted requests exactly.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OpenSentryRandomBodiesTest {

    private static final long SEED = 20261122L;
    private static final int REQUESTS = 1500;

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void randomBodiesNeverFailTheServerOrStoreRejectedData(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            Map<String, String> headers = Map.of("X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY));
            long acceptedErrors = 0;
            long acceptedTransactions = 0;
            for (int i = 0; i < REQUESTS; i++) {
                byte[] body;
                ArrayNode items = F.arrayNode();
                if (random.nextInt(10) == 0) {
                    body = new byte[random.nextInt(64)];
                    random.nextBytes(body);
                } else {
                    int n = 1 + random.nextInt(random.nextInt(8) == 0 ? 25 : 4);
                    for (int k = 0; k < n; k++) {
                        items.add(mutate(validItem(i, k)));
                    }
                    JsonNode root = n == 1 && random.nextBoolean() ? items.get(0) : items;
                    body = Json.MAPPER.writeValueAsBytes(root);
                }
                HttpResponse<String> res = s.post("/v1/ingest", body, headers);
                assertThat(res.statusCode()).as("request %d: %s", i, new String(body, StandardCharsets.UTF_8))
                        .isIn(202, 400);
                if (res.statusCode() == 202) {
                    for (JsonNode item : items) {
                        String type = item.path("type").asText();
                        acceptedErrors += type.equals("error") ? 1 : 0;
                        acceptedTransactions += type.equals("transaction") ? 1 : 0;
                    }
                } else {
                    // The spec's error, with an optional "details" naming the field.
                    assertThat(Json.MAPPER.readTree(res.body()).path("error").asText()).isIn("Invalid JSON", "Invalid payload");
                    assertThat(res.body()).matches("\\{\"error\":\"Invalid (JSON|payload)\"(,\"details\":\".*\")?}");
                }
            }
            long storedErrors = sum(s, "/api/projects/default/issues", "count");
            assertThat(storedErrors).isEqualTo(acceptedErrors);
            assertThat(countAll(s, "/api/projects/default/transactions")).isEqualTo(acceptedTransactions);
        }
    }

    private ObjectNode validItem(int i, int k) {
        ObjectNode item = F.objectNode();
        switch (random.nextInt(3)) {
            case 0 -> {
                item.put("type", "error");
                ObjectNode ex = item.putObject("exception").put("type", "E" + random.nextInt(5)).put("value", "v" + i);
                ex.putObject("stacktrace").putArray("frames").addObject().put("filename", "f.js").put("function", "g")
                        .put("lineno", 3).put("inApp", true);
                item.putArray("breadcrumbs").addObject().put("message", "m").putObject("data").put("x", 1);
                item.putObject("tags").put("t", "v");
                item.put("level", "error");
            }
            case 1 -> {
                item.put("type", "transaction").put("name", "GET /" + k).put("traceId", "t" + i + "-" + k)
                        .put("durationMs", 5);
                item.putArray("spans").addObject().put("spanId", "s").put("op", "db").put("durationMs", 1);
            }
            default -> item.put("type", "ai_generation").put("provider", "openai").put("model", "gpt-4o")
                    .put("inputTokens", 10).put("outputTokens", 3);
        }
        return item;
    }

    /** With some probability, replaces one field (possibly nested) with a random JSON value. */
    private JsonNode mutate(ObjectNode item) {
        if (random.nextInt(3) != 0) {
            return item;
        }
        List<ObjectNode> objects = new ArrayList<>();
        collect(item, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() || random.nextInt(4) == 0 ? "extra" : names.get(random.nextInt(names.size()));
        if (random.nextInt(5) == 0) {
            target.remove(name);
        } else {
            target.set(name, randomValue());
        }
        return item;
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
        }
        node.elements().forEachRemaining(child -> collect(child, out));
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(9)) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode("s\u0000\uD83D\uDE00" + random.nextInt());
            case 2 -> F.numberNode(random.nextInt(3) - 1);
            case 3 -> F.numberNode(random.nextDouble() * 1e20);
            case 4 -> F.booleanNode(random.nextBoolean());
            case 5 -> F.arrayNode().add(1).add("x");
            case 6 -> F.objectNode().put("k", "v");
            case 7 -> F.textNode("");
            default -> F.numberNode(1.5);
        };
    }

    private static long sum(TestServer s, String path, String field) throws Exception {
        long total = 0;
        String cursor = "";
        do {
            JsonNode page = Json.MAPPER.readTree(s.get(path + "?limit=200" + cursor).body());
            for (JsonNode item : page.get("items")) {
                total += item.get(field).asLong();
            }
            cursor = page.get("nextCursor").isNull() ? "" : "&cursor=" + page.get("nextCursor").asText();
        } while (!cursor.isEmpty());
        return total;
    }

    private static long countAll(TestServer s, String path) throws Exception {
        long total = 0;
        String cursor = "";
        do {
            JsonNode page = Json.MAPPER.readTree(s.get(path + "?limit=200" + cursor).body());
            total += page.get("items").size();
            cursor = page.get("nextCursor").isNull() ? "" : "&cursor=" + page.get("nextCursor").asText();
        } while (!cursor.isEmpty());
        return total;
    }
}
