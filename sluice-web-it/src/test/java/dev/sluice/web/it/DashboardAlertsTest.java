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
    WebClient web;

    @BeforeEach
    void start(TestServer server) throws Exception {
        s = server;
        web = WebClient.admin(s.baseUrl(), s.adminToken());
    }

    @Test
    void createEditAndDeleteARule() throws Exception {
        assertThat(ok(web.get("/alerts"))).contains("No rules yet");
        HttpResponse<String> created = web.postForm("/alerts/rules", "name", "Checkout storm", "kind",
                "issue_frequency", "threshold", "3", "window", "10", "cooldown", "30", "enabled", "on", "webhookUrl",
                "http://127.0.0.1:9/hook", "webhookFormat", "slack", "webhookSecret", "s3cret", "emailTo",
                "ops@example.com, dev@example.com");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String id = WebClient.first(created.headers().firstValue("Location").orElseThrow(),
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
        HttpResponse<String> saved = web.postForm("/alerts/rules/" + id, "name", "Checkout storm", "kind",
                "issue_frequency", "threshold", "5", "window", "10", "cooldown", "30", "webhookUrl",
                "http://127.0.0.1:9/hook", "webhookFormat", "slack", "webhookSecret", "", "emailTo", "ops@example.com");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        rule = onlyRule();
        assertThat(rule.path("id").asText()).isEqualTo(id);
        assertThat(rule.path("threshold").asDouble()).isEqualTo(5.0);
        assertThat(rule.path("enabled").asBoolean()).as("the box was left unticked").isFalse();
        assertThat(rule.path("channels").toString()).as("the secret is kept").contains("\"secret\":\"(set)\"")
                .doesNotContain("dev@example.com");

        assertThat(web.postForm("/alerts/rules/" + id + "/delete").statusCode()).isEqualTo(303);
        assertThat(rules()).isEmpty();
        assertThat(web.postForm("/alerts/rules/" + id + "/delete").statusCode()).isEqualTo(404);
        assertThat(web.get("/alerts?edit=" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aRefusedFormComesBackFilledInWithTheReason() throws Exception {
        HttpResponse<String> notANumber = web.postForm("/alerts/rules", "name", "Too many", "kind", "issue_frequency",
                "threshold", "lots", "emailTo", "ops@example.com");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("Threshold must be a number").contains("value=\"Too many\"")
                .contains("value=\"ops@example.com\"");
        HttpResponse<String> zero = web.postForm("/alerts/rules", "kind", "issue_frequency", "threshold", "0",
                "emailTo", "ops@example.com");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).as("the REST API's own validation").contains("threshold must be a whole number");
        assertThat(web.postForm("/alerts/rules", "kind", "new_issue").body()).contains("where should alerts go?");
        assertThat(web.postForm("/alerts/rules", "kind", "new_issue", "emailTo", "not-an-address").statusCode())
                .isEqualTo(400);
        assertThat(web.postForm("/alerts/rules", "kind", "made_up", "emailTo", "ops@example.com").statusCode())
                .isEqualTo(400);
        assertThat(web.postRaw("/alerts/rules", "kind=new_issue&emailTo=ops%40example.com").statusCode())
                .as("no CSRF token").isEqualTo(403);
        assertThat(rules()).isEmpty();
    }

    @Test
    void anAlertDecidedByTheDigestShowsInTheDeliveryLog() throws Exception {
        assertThat(web.postForm("/alerts/rules", "name", "Any new issue", "kind", "new_issue", "enabled", "on",
                "webhookUrl", "http://127.0.0.1:9/hook").statusCode()).isEqualTo(303);
        assertThat(s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"KeyError\",\"value\":\"cart\"}}")
                .statusCode()).isEqualTo(202);
        String page = ok(web.get("/alerts"));
        String log = page.substring(page.indexOf("id=\"alert-log\""));
        assertThat(log).contains("Any new issue").doesNotContain("Nothing delivered yet");
    }

    @Test
    void anonymousVisitorsCanNeitherSeeNorChangeAlertsOrIssues() throws Exception {
        for (String page : java.util.List.of("/alerts", "/issues?status=ignored", "/issues?fragment=rows&mark=x")) {
            HttpResponse<String> res = s.get(page, java.util.Optional.empty());
            assertThat(res.statusCode()).as(page).isEqualTo(303);
            assertThat(res.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
        }
        java.util.Map<String, String> form = java.util.Map.of("Content-Type", "application/x-www-form-urlencoded");
        for (String path : java.util.List.of("/alerts/rules", "/alerts/rules/x", "/alerts/rules/x/delete",
                "/issues", "/issues/x/status")) {
            assertThat(s.post(path, "kind=new_issue&emailTo=a%40b.c&action=resolve&id=x".getBytes(), form)
                    .statusCode()).as(path).isEqualTo(403);
        }
        assertThat(rules()).isEmpty();
    }

    @Test
    void aMemberResolvesIssuesButOnlyAnAdminChangesRules() throws Exception {
        TwoProjects.seed(s);
        WebClient member = WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD);
        String alpha = WebClient.first(member.get("/issues?query=AlphaVisibleError").body(),
                "<td class=\"title\"><a href=\"/issues/([^\"]+)\">");
        assertThat(member.post("/issues/" + alpha + "/status", "action=resolve").statusCode()).isEqualTo(303);
        assertThat(member.get("/issues/" + alpha).body()).contains("id=\"issue-status\">resolved<");

        assertThat(member.post("/alerts/rules", "kind=new_issue&emailTo=ops%40example.com").statusCode())
                .isEqualTo(403);
        HttpResponse<String> created = web.postForm("/alerts/rules", "kind", "new_issue", "emailTo", "ops@example.com");
        assertThat(created.statusCode()).isEqualTo(303);
        String id = WebClient.first(created.headers().firstValue("Location").orElseThrow(), "rule=(.+)$");
        assertThat(member.post("/alerts/rules/" + id + "/delete", "").statusCode()).isEqualTo(403);
        assertThat(member.post("/alerts/rules/" + id, "kind=regression&emailTo=x%40y.z").statusCode()).isEqualTo(403);
        String seen = member.get("/alerts").body();
        assertThat(seen).contains("Only an admin can add or change rules.").doesNotContain("id=\"alert-form\"")
                .doesNotContain("/delete\"");
        assertThat(onlyRule().path("kind").asText()).isEqualTo("new_issue");
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
