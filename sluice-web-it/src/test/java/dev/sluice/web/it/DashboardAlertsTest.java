package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /alerts} over HTTP on both stores: rules created, edited and deleted from the form land in the store
 * exactly as the REST API reads them back (secrets kept, never shown), refused forms come back filled in, and
 * an alert decided by the digest appears in the delivery log.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    TestServer s;
    DashboardClient web;

    @BeforeEach
    void start(TestServer server) throws Exception {
        s = server;
        web = DashboardClient.login(s);
    }

    @Test
    void createEditAndDeleteARule() throws Exception {
        assertThat(ok(web.get("/alerts"))).contains("No rules yet");
        HttpResponse<String> created = web.post("/alerts/rules", "name", "Checkout storm", "kind", "issue_frequency",
                "threshold", "3", "window", "10", "cooldown", "30", "enabled", "on", "webhookUrl",
                "http://127.0.0.1:9/hook", "webhookFormat", "slack", "webhookSecret", "s3cret", "emailTo",
                "ops@example.com, dev@example.com");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String id = DashboardClient.first(created.headers().firstValue("Location").orElseThrow(),
                "/alerts\\?done=created&rule=(.+)$");
        JsonNode rule = onlyRule();
        assertThat(rule.path("id").asText()).isEqualTo(id);
        assertThat(rule.path("name").asText()).isEqualTo("Checkout storm");
        assertThat(rule.path("threshold").asDouble()).isEqualTo(3.0);
        assertThat(rule.path("windowSeconds").asLong()).isEqualTo(600);
        assertThat(rule.path("cooldownSeconds").asLong()).isEqualTo(1800);
        assertThat(rule.path("channels").toString()).contains("\"format\":\"slack\"").contains("\"secret\":\"(set)\"")
                .contains("dev@example.com");
        String page = ok(web.get("/alerts?done=created"));
        assertThat(page).contains("Rule created.").contains("Checkout storm").contains("signed")
                .doesNotContain("s3cret");

        String edit = ok(web.get("/alerts?edit=" + id));
        assertThat(edit).contains("value=\"Checkout storm\"").contains("(set — leave blank to keep)")
                .contains("action=\"/alerts/rules/" + id + "\"");
        HttpResponse<String> saved = web.post("/alerts/rules/" + id, "name", "Checkout storm", "kind",
                "issue_frequency", "threshold", "5", "window", "10", "cooldown", "30", "webhookUrl",
                "http://127.0.0.1:9/hook", "webhookFormat", "slack", "webhookSecret", "", "emailTo", "ops@example.com");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        rule = onlyRule();
        assertThat(rule.path("id").asText()).isEqualTo(id);
        assertThat(rule.path("threshold").asDouble()).isEqualTo(5.0);
        assertThat(rule.path("enabled").asBoolean()).as("the box was left unticked").isFalse();
        assertThat(rule.path("channels").toString()).as("the secret is kept").contains("\"secret\":\"(set)\"")
                .doesNotContain("dev@example.com");

        assertThat(web.post("/alerts/rules/" + id + "/delete").statusCode()).isEqualTo(303);
        assertThat(rules()).isEmpty();
        assertThat(web.post("/alerts/rules/" + id + "/delete").statusCode()).isEqualTo(404);
        assertThat(web.get("/alerts?edit=" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aRefusedFormComesBackFilledInWithTheReason() throws Exception {
        HttpResponse<String> notANumber = web.post("/alerts/rules", "name", "Too many", "kind", "issue_frequency",
                "threshold", "lots", "emailTo", "ops@example.com");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("Threshold must be a number").contains("value=\"Too many\"")
                .contains("value=\"ops@example.com\"");
        HttpResponse<String> zero = web.post("/alerts/rules", "kind", "issue_frequency", "threshold", "0",
                "emailTo", "ops@example.com");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).as("the REST API's own validation").contains("threshold must be a whole number");
        assertThat(web.post("/alerts/rules", "kind", "new_issue").body()).contains("where should alerts go?");
        assertThat(web.post("/alerts/rules", "kind", "new_issue", "emailTo", "not-an-address").statusCode())
                .isEqualTo(400);
        assertThat(web.post("/alerts/rules", "kind", "made_up", "emailTo", "ops@example.com").statusCode())
                .isEqualTo(400);
        assertThat(web.postRaw("/alerts/rules", "kind=new_issue&emailTo=ops%40example.com").statusCode())
                .as("no CSRF token").isEqualTo(403);
        assertThat(rules()).isEmpty();
    }

    @Test
    void anAlertDecidedByTheDigestShowsInTheDeliveryLog() throws Exception {
        assertThat(web.post("/alerts/rules", "name", "Any new issue", "kind", "new_issue", "enabled", "on",
                "webhookUrl", "http://127.0.0.1:9/hook").statusCode()).isEqualTo(303);
        assertThat(s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"KeyError\",\"value\":\"cart\"}}")
                .statusCode()).isEqualTo(202);
        String page = ok(web.get("/alerts"));
        String log = page.substring(page.indexOf("id=\"alert-log\""));
        assertThat(log).contains("Any new issue").doesNotContain("Nothing delivered yet");
    }

    private JsonNode onlyRule() throws Exception {
        JsonNode items = rules();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private JsonNode rules() throws Exception {
        HttpResponse<String> res = s.get("/api/projects/default/alert-rules");
        assertThat(res.statusCode()).isEqualTo(200);
        return JSON.readTree(res.body()).path("items");
    }

    private static String ok(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }
}
