package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The issue lifecycle from the dashboard over HTTP, on both stores: filters and search in the URL, resolve →
 * recurrence → regression, ignore with conditions, bulk changes, the live list's cheap "unchanged" answer, and
 * bad or forged forms refused.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardIssueLifecycleTest {

    private static final String ROW_LINK = "<td class=\"title\"><a href=\"/issues/([^\"]+)\">";

    TestServer s;
    WebClient web;

    @BeforeEach
    void start(TestServer server) throws Exception {
        s = server;
        error("TypeError", "cannot read id", "shop@1.0", "production");
        error("TimeoutError", "payment provider slow", "shop@1.0", "staging");
        web = WebClient.admin(s.baseUrl(), s.adminToken());
    }

    @Test
    void resolveThenARecurrenceIsARegression() throws Exception {
        String page = ok(web.get("/issues"));
        List<String> ids = WebClient.all(page, ROW_LINK);
        assertThat(ids).hasSize(2);
        String typeError = idOf("TypeError");

        HttpResponse<String> resolved = web.postForm("/issues/" + typeError + "/status", "action", "resolve");
        assertThat(resolved.statusCode()).isEqualTo(303);
        assertThat(resolved.headers().firstValue("Location")).hasValue("/issues/" + typeError + "?done=resolved");
        assertThat(ok(web.get("/issues/" + typeError + "?done=resolved"))).contains("Resolved 1 issue.")
                .contains("id=\"issue-status\">resolved<").contains("value=\"reopen\"");
        assertThat(WebClient.all(ok(web.get("/issues")), ROW_LINK)).as("unresolved by default")
                .doesNotContain(typeError).hasSize(1);
        assertThat(WebClient.all(ok(web.get("/issues?status=resolved")), ROW_LINK)).containsExactly(typeError);

        error("TypeError", "cannot read id", "shop@1.0", "production");
        assertThat(WebClient.all(ok(web.get("/issues?status=regressed")), ROW_LINK)).containsExactly(typeError);
        assertThat(ok(web.get("/issues/" + typeError))).contains("id=\"issue-status\">unresolved<")
                .contains("id=\"issue-substatus\">regressed<").contains("value=\"resolve\"");
    }

    @Test
    void ignoreWithConditionsAndReopen() throws Exception {
        String timeout = idOf("TimeoutError");
        HttpResponse<String> r = web.postForm("/issues/" + timeout + "/status", "action", "ignore", "for", "1440",
                "count", "5");
        assertThat(r.statusCode()).isEqualTo(303);
        String detail = ok(web.get("/issues/" + timeout));
        assertThat(detail).contains("id=\"issue-status\">ignored<").contains("until").contains("events");
        assertThat(WebClient.all(ok(web.get("/issues?status=ignored")), ROW_LINK)).containsExactly(timeout);
        assertThat(web.postForm("/issues/" + timeout + "/status", "action", "reopen").statusCode()).isEqualTo(303);
        assertThat(ok(web.get("/issues/" + timeout))).contains("id=\"issue-status\">unresolved<");
    }

    @Test
    void bulkActionsKeepTheFiltersAndChangeOnlyTheTickedIssues() throws Exception {
        String typeError = idOf("TypeError");
        String timeout = idOf("TimeoutError");
        HttpResponse<String> r = web.postForm("/issues", "action", "ignore", "id", typeError, "id", timeout,
                "level", "error", "range", "14d");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/issues?level=error&range=14d&done=ignored&n=2");
        assertThat(WebClient.all(ok(web.get("/issues?status=ignored")), ROW_LINK))
                .containsExactlyInAnyOrder(typeError, timeout);
        assertThat(web.postForm("/issues", "action", "resolve", "id", timeout).statusCode()).isEqualTo(303);
        assertThat(WebClient.all(ok(web.get("/issues?status=resolved")), ROW_LINK)).containsExactly(timeout);
        assertThat(web.postForm("/issues", "action", "resolve").headers().firstValue("Location"))
                .hasValue("/issues?done=none");
    }

    @Test
    void filtersAndSearchLiveInTheUrl() throws Exception {
        String typeError = idOf("TypeError");
        assertThat(WebClient.all(ok(web.get("/issues?query=payment")), ROW_LINK)).containsExactly(idOf("TimeoutError"));
        assertThat(WebClient.all(ok(web.get("/issues?environment=production")), ROW_LINK))
                .containsExactly(typeError);
        assertThat(WebClient.all(ok(web.get("/issues?release=shop%401.0&status=all")), ROW_LINK)).hasSize(2);
        assertThat(WebClient.all(ok(web.get("/issues?level=fatal")), ROW_LINK)).isEmpty();
        String filtered = ok(web.get("/issues?environment=production&range=14d"));
        assertThat(filtered).contains("value=\"production\"")
                .as("the live refresh keeps the filters").containsPattern("hx-get=\"[^\"]*environment=production");
        assertThat(web.get("/issues?status=nope").statusCode()).isEqualTo(400);
        assertThat(web.get("/issues?level=loud").statusCode()).isEqualTo(400);
    }

    @Test
    void anUnchangedLiveListIsAnsweredWithNoContent() throws Exception {
        String mark = WebClient.first(ok(web.get("/issues")), "data-mark=\"([^\"]+)\"");
        HttpResponse<String> idle = web.get("/issues?fragment=rows&mark=" + mark);
        assertThat(idle.statusCode()).isEqualTo(204);
        assertThat(idle.body()).isEmpty();
        error("ValueError", "a new problem", "shop@1.0", "production");
        HttpResponse<String> changed = web.get("/issues?fragment=rows&mark=" + mark);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).startsWith("<tbody id=\"issue-rows\"").contains("ValueError")
                .doesNotContain("<html");
        String next = WebClient.first(changed.body(), "data-mark=\"([^\"]+)\"");
        web.postForm("/issues", "action", "resolve", "id", idOf("ValueError"));
        assertThat(web.get("/issues?fragment=rows&mark=" + next).statusCode()).as("a status change").isEqualTo(200);
    }

    @Test
    void badOrForgedFormsChangeNothing() throws Exception {
        String typeError = idOf("TypeError");
        assertThat(web.postForm("/issues/" + typeError + "/status", "action", "explode").statusCode()).isEqualTo(400);
        assertThat(web.postForm("/issues/" + typeError + "/status", "action", "ignore", "count", "-3").statusCode())
                .isEqualTo(400);
        assertThat(web.postForm("/issues/" + typeError + "/status", "action", "ignore", "for", "7").statusCode())
                .isEqualTo(400);
        assertThat(web.postForm("/issues/nosuchissue/status", "action", "resolve").statusCode()).isEqualTo(404);
        assertThat(web.postRaw("/issues/" + typeError + "/status", "action=resolve").statusCode()).isEqualTo(403);
        assertThat(web.postRaw("/issues", "action=resolve&id=" + typeError).statusCode()).isEqualTo(403);
        assertThat(web.postForm("/issues", "action", "resolve", "id", typeError, "status", "bogus").statusCode())
                .isEqualTo(400);
        assertThat(ok(web.get("/issues/" + typeError))).contains("id=\"issue-status\">unresolved<");
    }

    private String idOf(String type) throws Exception {
        return WebClient.first(ok(web.get("/issues?status=all&query=" + type)), ROW_LINK);
    }

    private static String ok(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }

    private void error(String type, String value, String release, String env) {
        assertThat(s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"" + type + "\",\"value\":\"" + value
                + "\"},\"release\":\"" + release + "\",\"environment\":\"" + env + "\",\"user\":{\"id\":\"u1\"}}")
                .statusCode()).isEqualTo(202);
    }
}
