package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.web.Dashboard;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks EVERY route the dashboard registered (read from the running server, so a page added later is covered
 * without touching this test) as an anonymous visitor, as a member of project A and as an admin, and checks
 * who is refused; all the while, nothing stored in project B (every string of it carries a marker) may reach
 * the member. Path parameters are filled with the real ids of B's objects, found by the admin's crawl.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardAuthorizationTest {

    /** Reachable without a session: the login and invite forms, assets, and the bare root redirect. */
    static final Set<String> PUBLIC = Set.of("GET /", "GET /login", "POST /login", "GET /static/{version}/{+path}",
            "GET /invite/{token}", "POST /invite/{token}");
    private static final Pattern LINK = Pattern.compile("(?:href|action)=\"(/[^\"#?]*)");

    TestServer s;
    List<Dashboard.Route> routes;

    @BeforeEach
    void start(TestServer server) throws Exception {
        s = server;
        TwoProjects.seed(s);
        routes = s.server().dashboardRoutes();
    }

    @Test
    void everyRouteRefusesAnonymousVisitors() {
        assertThat(routes).as("every route is registered with a visible path")
                .noneMatch(r -> r.path().contains("<opaque>"));
        assertThat(routes).extracting(Dashboard.Route::path).contains("/issues", "/settings", "/settings/people");
        WebClient anon = WebClient.anonymous(s.baseUrl());
        for (Dashboard.Route r : routes) {
            if (PUBLIC.contains(name(r))) {
                continue;
            }
            String url = fill(r.path(), List.of());
            HttpResponse<String> res = r.method().equals("GET") ? anon.get(url) : anon.post(url, "");
            if (r.method().equals("GET")) {
                assertThat(res.statusCode()).as(name(r)).isEqualTo(303);
                assertThat(res.headers().firstValue("Location")).as(name(r)).hasValueSatisfying(l ->
                        assertThat(l).startsWith("/login?next="));
            } else {
                assertThat(res.statusCode()).as(name(r)).isEqualTo(403);
            }
            noMarker(name(r), res);
        }
    }

    @Test
    void aMemberOfASeesOnlyAAndCannotChangeSettings() {
        WebClient admin = WebClient.admin(s.baseUrl(), s.adminToken());
        List<String> bLinks = crawl(admin);
        assertThat(String.join(" ", bLinks)).as("the crawl found B's objects").contains("/issues/").contains("/tasks/")
                .contains("/transactions/").contains("/settings/keys/");
        int bKeysBefore = revokeForms(admin);
        WebClient member = WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD);
        HttpResponse<String> issues = member.get("/issues");
        assertThat(issues.statusCode()).isEqualTo(200);
        assertThat(issues.body()).contains("AlphaVisibleError").doesNotContain("value=\"bravo\"");
        for (Dashboard.Route r : routes) {
            if (name(r).equals("POST /logout") || name(r).equals("POST /login")) {
                continue;
            }
            for (String url : urls(r, bLinks)) {
                boolean pub = PUBLIC.contains(name(r));
                HttpResponse<String> plain = r.method().equals("GET") ? member.get(url) : member.post(url, "");
                noMarker(name(r) + " " + url, plain);
                assertThat(plain.statusCode()).as(name(r) + " " + url).isLessThan(500);
                if (r.method().equals("POST") && !pub) {
                    if (r.path().startsWith("/settings/")) {
                        assertThat(plain.statusCode()).as("admin only: " + url).isEqualTo(403);
                    } else if (!url.equals(fill(r.path(), List.of())) || r.path().contains("{")) {
                        // An id of B's object: never found in A.
                        assertThat(plain.statusCode()).as("B's object " + url).isIn(400, 404);
                    }
                }
                if (pub) {
                    continue;
                }
                String other = url + (url.contains("?") ? "&" : "?") + "project=bravo";
                HttpResponse<String> asked = r.method().equals("GET") ? member.get(other) : member.post(other, "");
                assertThat(asked.statusCode()).as("?project=bravo " + name(r)).isEqualTo(404);
                noMarker(other, asked);
                if (r.method().equals("GET")) {
                    HttpResponse<String> fragment = member.get(other, true);
                    assertThat(fragment.statusCode()).as("htmx " + other).isEqualTo(404);
                    noMarker("htmx " + other, fragment);
                }
            }
        }
        assertThat(member.get("/issues").statusCode()).as("the member is still logged in").isEqualTo(200);
        assertThat(revokeForms(admin)).as("B's keys untouched").isEqualTo(bKeysBefore);
        assertThat(admin.get("/tasks?project=bravo").body().toLowerCase(Locale.ROOT)).contains("zqxbsecret disk full");
    }

    @Test
    void anAdminSeesEveryProject() {
        WebClient admin = WebClient.admin(s.baseUrl(), s.adminToken());
        StringBuilder all = new StringBuilder();
        for (Dashboard.Route r : routes) {
            if (r.method().equals("GET") && !r.path().contains("{") && !PUBLIC.contains(name(r))) {
                HttpResponse<String> res = admin.get(r.path() + "?project=bravo");
                assertThat(res.statusCode()).as(name(r)).isEqualTo(200);
                all.append(res.body().toLowerCase(Locale.ROOT));
            }
        }
        assertThat(all.toString()).contains("zqxbsecreterror").contains("zqxbsecret disk full")
                .contains("get /zqxbsecret").contains("zqxbsecret-model").contains("zqxbsecret_job");
        for (String url : crawl(admin)) {
            if (url.startsWith("/issues/") || url.startsWith("/tasks/") || url.startsWith("/transactions/")) {
                HttpResponse<String> res = admin.get(url + "?project=bravo");
                assertThat(res.statusCode()).as(url).isEqualTo(200);
                assertThat(res.body().toLowerCase(Locale.ROOT)).as(url).contains(TwoProjects.MARKER);
            }
        }
        assertThat(admin.get("/issues").body()).contains("value=\"bravo\"").as("switcher lists both projects");
    }

    /** The admin's links and form targets on every parameterless page of project B. */
    private List<String> crawl(WebClient admin) {
        Set<String> out = new LinkedHashSet<>();
        for (Dashboard.Route r : routes) {
            if (r.method().equals("GET") && !r.path().contains("{") && !PUBLIC.contains(name(r))) {
                Matcher m = LINK.matcher(admin.get(r.path() + "?project=bravo").body());
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** For a route with parameters, every crawled URL it matches (B's objects) plus a made-up one. */
    private static List<String> urls(Dashboard.Route r, List<String> links) {
        if (!r.path().contains("{")) {
            return List.of(r.path());
        }
        Pattern p = Pattern.compile(r.path().replaceAll("\\{\\+[^}]+}", ".+").replaceAll("\\{[^}]+}", "[^/]+"));
        List<String> out = new ArrayList<>(links.stream().filter(l -> p.matcher(l).matches()).toList());
        out.add(fill(r.path(), List.of()));
        return out;
    }

    private static String fill(String path, List<String> unused) {
        return path.replaceAll("\\{[^}]+}", "nonexistent1");
    }

    private int revokeForms(WebClient admin) {
        return admin.get("/settings?project=bravo").body().split("/revoke\"").length - 1;
    }

    private static String name(Dashboard.Route r) {
        return r.method() + " " + r.path();
    }

    /**
     * Whether the body holds B's marker anywhere but in an echo of the request's own path (a client-chosen id of
     * B's, such as a job run id, appears in "No run … ." for any id; that tells the member nothing new).
     */
    private static void noMarker(String what, HttpResponse<String> res) {
        String body = res.body().toLowerCase(Locale.ROOT);
        for (String part : res.uri().getRawPath().toLowerCase(Locale.ROOT).split("/")) {
            if (part.contains(TwoProjects.MARKER)) {
                body = body.replace(part, "");
            }
        }
        assertThat(body).as(what + " leaks project B").doesNotContain(TwoProjects.MARKER);
    }
}
