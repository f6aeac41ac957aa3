package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.server.opensentry.NodeScript;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry JS OTLP/HTTP exporters (0.223.1 with the 2.12.1 SDK; driven by
 * {@code src/test/node/otel-client.mjs}) against a real server: a trace through the JSON exporter and one
 * through the protobuf exporter — each a root span with a database child, a {@code gen_ai.*} chat span and a
 * span with an exception — and two log records through the logs exporter, read back through the REST API.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OtlpNodeExportersTest {

    @Test
    void tracesGenerationsErrorsAndLogsReadBack(TestServer s) throws Exception {
        NodeScript.Result run = NodeScript.run("otel-client.mjs", Map.of("SLUICE_URL", s.baseUrl(),
                "SLUICE_KEY", s.key(KeyKind.OPENSENTRY)), 90);
        assertThat(run.exitCode()).as("stdout:\n%s\nstderr:\n%s", run.stdout(), run.stderr()).isZero();
        JsonNode sent = Json.MAPPER.readTree(run.lines("SLUICE_SENT ").get(0));
        ApiClient api = new ApiClient(s.baseUrl(), s.adminToken());

        for (String name : new String[] {"POST%20/orders", "POST%20/refunds"}) {
            JsonNode tx = api.get("/api/projects/default/transactions?name=" + name).get("items");
            assertThat(tx).as(name).hasSize(1);
            assertThat(tx.get(0).findValuesAsText("description")).as(name)
                    .contains("SELECT orders", "chat gpt-4o-mini", "charge card");
        }
        assertThat(api.get("/api/projects/default/transactions?name=POST%20/orders").get("items").get(0).toString())
                .contains(sent.get("jsonTrace").asText());

        JsonNode usage = api.get("/api/projects/default/ai/usage").get("items");
        assertThat(usage).hasSize(1);
        assertThat(usage.get(0).get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(usage.get(0).toString()).contains("2400").contains("600");

        assertThat(api.issues()).singleElement().satisfies(i -> {
            assertThat(i.get("title").asText()).contains("RangeError").contains("amount must be positive");
            assertThat(i.get("count").asLong()).as("one per trace, grouped").isEqualTo(2);
        });

        JsonNode logs = api.get("/api/projects/default/logs").get("items");
        assertThat(logs.findValuesAsText("body")).containsExactlyInAnyOrder("inventory low", "order export failed");
        assertThat(logs.findValuesAsText("service")).containsOnly("checkout-node");
        assertThat(logs.findValuesAsText("environment")).containsOnly("production");
        assertThat(api.get("/api/projects/default/logs?severity=error").get("items").findValuesAsText("body"))
                .containsExactly("order export failed");
    }
}
