package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/** The dashboard's guards over plain HTTP: login, sessions, cookies, CSRF, throttling, redirects. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH, shareServer = true)
class DashboardAuthTest {

    static final List<String> PAGES = List.of("/issues", "/tasks", "/transactions", "/ai", "/jobs", "/settings",
            "/analytics", "/analytics/profiles", "/logout");
    static final List<String> ACTIONS = List.of("/settings/keys", "/settings/projects", "/settings/tasks",
            "/settings/jobs", "/settings/members", "/jobs/dump-requests", "/tasks/1", "/logout");

    static TestServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start(TestServer shared) {
        server = shared;
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
        for (String page : PAGES) {
            HttpResponse<String> res = get(page, "");
            assertThat(res.statusCode()).as(page).isEqualTo(303);
            assertThat(res.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l)
                    .startsWith("/login?next="));
        }
        assertThat(get("/login", "").statusCode()).isEqualTo(200);
    }

    @Test
    void stateChangesNeedASessionAndItsCsrfToken() throws Exception {
        for (String action : ACTIONS) {
            assertThat(post(action, "", "kind=opensentry").statusCode()).as("anonymous " + action).isEqualTo(403);
        }
        Login login = login(server.adminToken(), "");
        for (String action : ACTIONS) {
            assertThat(post(action, login.cookie(), "kind=opensentry&name=x").statusCode()).as("no token " + action)
                    .isEqualTo(403);
            assertThat(post(action, login.cookie(), "kind=opensentry&name=x&_csrf=" + "A".repeat(43)).statusCode())
                    .as("wrong token " + action).isEqualTo(403);
        }
        int keysBefore = keyCount();
        HttpResponse<String> created = post("/settings/keys", login.cookie(), "kind=opensentry&_csrf=" + login.csrf());
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("os_").contains("never shown again");
        assertThat(keyCount()).isEqualTo(keysBefore + 1);
    }

    @Test
    void sessionCookieIsHttpOnlyStrictAndSecureBehindTls() throws Exception {
        Login plain = login(server.adminToken(), "");
        assertThat(plain.setCookie()).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
        Login tls = login(server.adminToken(), "https");
        assertThat(tls.setCookie()).contains("HttpOnly").contains("SameSite=Strict").contains("; Secure");
        HttpResponse<String> page = get("/issues", plain.cookie());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c)
                .contains("default-src 'self'").contains("script-src 'self'"));
        HttpResponse<String> out = post("/logout", plain.cookie(), "_csrf=" + plain.csrf());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(get("/issues", plain.cookie()).statusCode()).as("after logout").isEqualTo(303);
    }

    @Test
    void loginOnlyRedirectsToLocalPaths() throws Exception {
        for (String next : List.of("https://evil.example/", "//evil.example/", "/\\evil.example")) {
            Login login = loginWithNext(server.adminToken(), next);
            assertThat(login.location()).as(next).isEqualTo("/issues");
        }
        assertThat(loginWithNext(server.adminToken(), "/jobs?env=test").location()).isEqualTo("/jobs?env=test");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it exhausts this client's login budget
    void failedLoginsAreThrottledPerClient() throws Exception {
        int refused = 0;
        int throttled = 0;
        for (int i = 0; i < 8; i++) {
            int status = attempt("sla_wrong" + i);
            refused += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(5);
        assertThat(throttled).isEqualTo(3);
        assertThat(attempt(server.adminToken())).as("even the right token waits").isEqualTo(429);
    }

    private int keyCount() {
        return server.get("/api/admin/keys").body().split("\"id\"").length - 1;
    }

    record Login(String cookie, String csrf, String setCookie, String location) {
    }

    private int attempt(String token) throws Exception {
        Prelogin pre = prelogin();
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", pre.cookie())
                .POST(HttpRequest.BodyPublishers.ofString("pre=" + pre.token() + "&token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    record Prelogin(String cookie, String token) {
    }

    private Prelogin prelogin() throws Exception {
        HttpResponse<String> form = get("/login", "");
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"pre\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(m.find()).isTrue();
        return new Prelogin(cookie, m.group(1));
    }

    Login login(String token, String proto) throws Exception {
        return login(token, proto, "");
    }

    Login loginWithNext(String token, String next) throws Exception {
        return login(token, "", next);
    }

    private Login login(String token, String proto, String next) throws Exception {
        Prelogin pre = prelogin();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", pre.cookie())
                .POST(HttpRequest.BodyPublishers.ofString("pre=" + pre.token() + "&token=" + token + "&next="
                        + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)));
        if (!proto.isEmpty()) {
            b.header("X-Forwarded-Proto", proto);
        }
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(303);
        String setCookie = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sluice_session="))
                .findFirst().orElseThrow();
        String cookie = setCookie.split(";")[0];
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get("/settings", cookie).body());
        assertThat(m.find()).isTrue();
        return new Login(cookie, m.group(1), setCookie, res.headers().firstValue("Location").orElseThrow());
    }

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
