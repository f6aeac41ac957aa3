package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * After a run: counts through the REST API what the server stored and compares it with what it acknowledged
 * (2xx answers × items per request, warm-up included). Sentry events are summed from the issues' occurrence
 * counts; OTLP exports from the transactions list (one transaction per exported trace, its spans inside).
 */
final class StoredCount {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static long rows;

    private StoredCount() {
    }

    static void check(Target target, Protocol protocol, long acknowledgedItems, int itemsPerRequest)
            throws IOException, InterruptedException {
        String token = target.adminToken().orElseThrow();
        String base = "http://" + target.host() + ":" + target.port() + "/api/projects/default/";
        long expected = protocol == Protocol.OTLP ? acknowledgedItems / itemsPerRequest : acknowledgedItems;
        // Issue counters may trail the acknowledged commit (the digest's projection); poll until they settle.
        long stored = -1;
        for (int i = 0; i < 30; i++) {
            long now = count(base, token, protocol);
            if (now == expected || now == stored && i >= 5) {
                stored = now;
                break;
            }
            stored = now;
            Thread.sleep(1_000);
        }
        System.out.printf(Locale.ROOT, "# verify via REST: acknowledged %d %s, stored %d over %d list rows: %s%n",
                expected, protocol == Protocol.OTLP ? "transactions (one per " + itemsPerRequest + "-span trace)"
                        : "error events (sum of issue counts)", stored, rows, stored == expected ? "OK" : "MISMATCH");
    }

    private static long count(String base, String token, Protocol protocol)
            throws IOException, InterruptedException {
        rows = 0;
        return switch (protocol) {
            case SENTRY, OPENSENTRY -> sum(base + "issues", token, "count");
            case OTLP -> sum(base + "transactions", token, null);
            default -> throw new IllegalArgumentException("--verify: not implemented for " + protocol);
        };
    }

    /** Pages through a list endpoint, summing {@code field} per item (or counting items when null). */
    private static long sum(String url, String token, String field) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            long total = 0;
            String cursor = null;
            do {
                String page = url + "?limit=200" + (cursor == null ? ""
                        : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(page))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() != 200) {
                    throw new IOException("GET " + page + " -> " + res.statusCode() + " " + res.body());
                }
                JsonNode body = MAPPER.readTree(res.body());
                for (JsonNode item : body.get("items")) {
                    total += field == null ? 1 : item.get(field).asLong();
                    rows++;
                }
                cursor = body.path("nextCursor").isTextual() ? body.get("nextCursor").asText() : null;
            } while (cursor != null);
            return total;
        }
    }
}
