package dev.sluice.server.tailpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random Tailpoint bodies against the real server: valid bodies with one field replaced by a random
 * value. Properties: never a 5xx; only the spec's statuses; a 400 stores nothing — the number of tasks equals
 * the number of 201 answers, and each dedupe key's count equals its accepted events.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TailpointRandomBodiesTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Random random = new Random(424242L);

    @TempDir
    Path dir;

    @Test
    void randomBodiesNeverFailTheServerOrStoreRejectedData(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/task-settings"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"ratePerMinute\":1000000}")).build());
            Map<String, String> headers = Map.of("Authorization", "Bearer " + s.key(KeyKind.TAILPOINT_LIVE));
            int created = 0;
            for (int i = 0; i < 800; i++) {
                ObjectNode body = F.objectNode().put("source", "sdk").put("title", "t" + i)
                        .put("dedupeKey", "k" + random.nextInt(40)).put("severity", "high").put("priority", 2);
                body.putObject("metadata").put("i", i);
                if (random.nextInt(3) > 0) {
                    List<String> names = new ArrayList<>(List.of("source", "title", "dedupeKey", "severity",
                            "priority", "metadata", "occurredAt", "customFields", "assigneeEmails", "idempotencyKey"));
                    body.set(names.get(random.nextInt(names.size())), randomValue());
                }
                HttpResponse<String> res = s.post("/api/v1/ingest/tasks", Json.MAPPER.writeValueAsBytes(body), headers);
                assertThat(res.statusCode()).as("body %s -> %s", body, res.body()).isIn(200, 201, 400);
                JsonNode answer = Json.MAPPER.readTree(res.body());
                if (res.statusCode() == 201 && !answer.get("idempotent").asBoolean()) {
                    created++; // a replayed create (a repeated random idempotency key) made no new task
                } else if (res.statusCode() == 400) {
                    assertThat(answer.get("success").asBoolean()).isFalse();
                    assertThat(answer.get("details").isArray() || answer.get("message").asText().startsWith("Assignees"))
                            .isTrue();
                }
            }
            long tasks = s.server().store().read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM tasks")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(tasks).isEqualTo(created);
        }
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(10)) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode("x".repeat(random.nextInt(300)));
            case 2 -> F.numberNode(random.nextInt(5) - 2);
            case 3 -> F.numberNode(1.5);
            case 4 -> F.booleanNode(true);
            case 5 -> F.arrayNode().add("a@b.c").add(3);
            case 6 -> F.objectNode().put("fieldId", "f");
            case 7 -> F.arrayNode().add(F.objectNode().put("fieldId", 1));
            case 8 -> F.textNode("2026-13-45T99:99:99Z");
            default -> F.textNode("\u0000\uD83D\uDE00 " + random.nextInt());
        };
    }
}
