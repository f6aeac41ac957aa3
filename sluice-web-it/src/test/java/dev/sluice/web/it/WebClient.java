package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * A plain-HTTP dashboard visitor: logs in through the real login form (admin token or e-mail + password) and
 * keeps its session cookie and CSRF token. Redirects are not followed, so tests see every 303.
 */
final class WebClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern PRE = Pattern.compile("name=\"pre\" value=\"([^\"]+)\"");

    final String base;
    String cookie = "";
    String csrf = "";

    WebClient(String base) {
        this.base = base;
    }

    static WebClient anonymous(String base) {
        return new WebClient(base);
    }

    static WebClient admin(String base, String adminToken) {
        WebClient c = new WebClient(base);
        assertThat(c.login("", adminToken).statusCode()).isEqualTo(303);
        return c;
    }

    static WebClient user(String base, String email, String password) {
        WebClient c = new WebClient(base);
        HttpResponse<String> res = c.login(email, password);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(303);
        return c;
    }

    /** Posts the login form; on success keeps the session cookie and reads the CSRF token from a page. */
    HttpResponse<String> login(String email, String secret) {
        HttpResponse<String> form = get("/login");
        String pre = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = PRE.matcher(form.body());
        assertThat(m.find()).isTrue();
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", pre)
                .POST(HttpRequest.BodyPublishers.ofString("pre=" + m.group(1) + "&email=" + enc(email) + "&token="
                        + enc(secret))));
        res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sluice_session=")).findFirst()
                .ifPresent(c -> {
                    cookie = c.split(";")[0];
                    Matcher t = CSRF.matcher(get("/account").body());
                    csrf = t.find() ? t.group(1) : "";
                });
        return res;
    }

    HttpResponse<String> get(String path) {
        return get(path, false);
    }

    HttpResponse<String> get(String path, boolean htmx) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (htmx) {
            b.header("HX-Request", "true");
        }
        return send(b);
    }

    /** Posts a form, adding this session's CSRF token. */
    HttpResponse<String> post(String path, String form) {
        return postRaw(path, csrf.isEmpty() ? form : (form.isEmpty() ? "" : form + "&") + "_csrf=" + csrf);
    }

    /** Posts the form {@code pairs} (name, value, name, value …), adding this session's CSRF token. */
    HttpResponse<String> postForm(String path, String... pairs) {
        return post(path, encode(pairs));
    }

    /** Posts {@code body} as it is: no CSRF token added. */
    HttpResponse<String> postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code pairs} (name, value, name, value …) as a URL-encoded form body. */
    static String encode(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.append(out.isEmpty() ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
        }
        return out.toString();
    }

    /** The first group of {@code regex}'s first match in {@code body}, which must match. */
    static String first(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as("/" + regex + "/ in the page").isTrue();
        return m.group(1);
    }

    /** The first group of every match of {@code regex} in {@code body}. */
    static List<String> all(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
