package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.server.opensentry.NodeScript;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official {@code @sentry/node} SDK (11.12.0, driven by {@code src/test/node/sentry-node-client.mjs}) against a
 * real server: an error, a message, a transaction with two child spans (sent as a v2 span stream, the SDK's
 * default), a cron check-in pair with its monitor config, a release-health session and two structured logs —
 * each read back through the REST API.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryNodeSdkTest {

    @Test
    void everythingTheSdkSendsReadsBack(TestServer s) throws Exception {
        String dsn = SentryIngest.dsn(s.baseUrl(), s.key(KeyKind.OPENSENTRY), 1);
        NodeScript.Result run = NodeScript.run("sentry-node-client.mjs", Map.of("SLUICE_SENTRY_DSN", dsn), 90);
        assertThat(run.exitCode()).as("stdout:\n%s\nstderr:\n%s", run.stdout(), run.stderr()).isZero();
        JsonNode sent = Json.MAPPER.readTree(run.lines("SLUICE_SENT ").get(0));
        assertThat(sent.get("flushed").asBoolean()).as(run.stderr()).isTrue();
        ApiClient api = new ApiClient(s.baseUrl(), s.adminToken());

        List<JsonNode> issues = api.issues();
        assertThat(issues).extracting(i -> i.get("title").asText()).hasSize(2)
                .anySatisfy(t -> assertThat(t).contains("TypeError").contains("cart is undefined"))
                .anySatisfy(t -> assertThat(t).contains("payment provider slow"));

        JsonNode tx = api.get("/api/projects/default/transactions?name=POST%20/checkout").get("items");
        assertThat(tx).hasSize(1);
        assertThat(tx.get(0).findValuesAsText("op")).containsExactlyInAnyOrder("db.query", "http.client");
        assertThat(tx.get(0).toString()).contains("shop@1.2.3");

        JsonNode monitor = api.get("/api/projects/default/monitors").get("items").get(0);
        assertThat(monitor.get("slug").asText()).isEqualTo("nightly-report");
        assertThat(monitor.at("/schedule/value").asText()).isEqualTo("0 3 * * *");
        assertThat(monitor.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(monitor.get("lastStatus").asText()).isEqualTo("ok");
        JsonNode runs = api.get("/api/projects/default/monitors/nightly-report/checkins").get("items");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("checkInId").asText()).isEqualTo(sent.get("checkInId").asText());
        assertThat(runs.get(0).get("durationMs").asDouble()).isEqualTo(1500.0);

        JsonNode release = api.get("/api/projects/default/releases").get("items").get(0);
        assertThat(release.get("release").asText()).isEqualTo("shop@1.2.3");
        assertThat(release.get("environment").asText()).isEqualTo("production");
        assertThat(release.get("sessions").asLong()).as("one session, counted once").isEqualTo(1);
        assertThat(release.get("errored").asLong()).as("it saw an error").isEqualTo(1);

        JsonNode logs = api.get("/api/projects/default/logs").get("items");
        assertThat(logs.findValuesAsText("body")).containsExactlyInAnyOrder("order placed", "refund failed");
        assertThat(logs.findValuesAsText("release")).containsOnly("shop@1.2.3");
        assertThat(logs.findValuesAsText("severityNumber")).containsExactlyInAnyOrder("9", "17");
    }
}
