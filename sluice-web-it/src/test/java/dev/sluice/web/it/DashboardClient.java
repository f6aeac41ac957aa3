package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A logged-in dashboard session over plain HTTP (no redirects followed), for page tests without a browser. */
final class DashboardClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final TestServer server;
    private final String cookie;
    private final String csrf;

    private DashboardClient(TestServer server, String cookie, String csrf) {
        this.server = server;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Logs in with the admin token. */
    static DashboardClient login(TestServer server) throws Exception {
        HttpResponse<String> form = send(server, HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login")).GET());
        String pre = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String preToken = first(form.body(), "name=\"pre\" value=\"([^\"]+)\"");
        HttpResponse<String> res = send(server, HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", pre)
                .POST(HttpRequest.BodyPublishers.ofString("pre=" + preToken + "&token=" + server.adminToken())));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(303);
        String cookie = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sluice_session="))
                .findFirst().orElseThrow().split(";")[0];
        DashboardClient client = new DashboardClient(server, cookie, "");
        String csrf = first(client.get("/settings").body(), "name=\"_csrf\" value=\"([^\"]+)\"");
        return new DashboardClient(server, cookie, csrf);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(server, HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Cookie", cookie).GET());
    }

    /** POSTs {@code form} (name, value, name, value …) with this session's CSRF token. */
    HttpResponse<String> post(String path, String... form) throws Exception {
        return postRaw(path, encode(form) + "&_csrf=" + csrf);
    }

    HttpResponse<String> postRaw(String path, String body) throws Exception {
        return send(server, HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String encode(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    static String first(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as("/" + regex + "/ in the page").isTrue();
        return m.group(1);
    }

    static List<String> all(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static HttpResponse<String> send(TestServer server, HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
