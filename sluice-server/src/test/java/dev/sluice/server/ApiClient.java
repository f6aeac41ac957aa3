package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST read API as a test sees it from outside: JSON GETs with the admin token, and whole lists read by
 * following {@code nextCursor}, so a test never depends on a page size.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds every paged read, so a cursor bug fails the test instead of looping. */
    private static final int MAX_PAGES = 10_000;

    private final String baseUrl;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /** GETs {@code path} and parses the 200 answer; anything else fails with the status and body. */
    public JsonNode get(String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken).build();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + res.statusCode() + ": " + res.body());
            }
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every item of the list at {@code path} (which may already have a query), page by page. */
    public List<JsonNode> all(String path, int pageSize) {
        String sep = path.contains("?") ? "&" : "?";
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = path + sep + "limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = get(url);
            body.get("items").forEach(out::add);
            JsonNode next = body.get("nextCursor");
            if (next == null || next.isNull()) {
                return out;
            }
            cursor = next.asText();
        }
        throw new AssertionError("more than " + MAX_PAGES + " pages at " + path);
    }

    /** Every issue of the default project. */
    public List<JsonNode> issues() {
        return all("/api/projects/default/issues", 200);
    }

    /** Every stored event of one issue of the default project. */
    public List<JsonNode> events(String issueId) {
        return all("/api/projects/default/issues/" + issueId + "/events", 200);
    }
}
