package dev.sluice.web.view;

import java.util.ArrayList;
import java.util.List;

/** Ready-to-paste setup for each SDK, for a key of a given kind. */
public final class Snippets {

    private Snippets() {
    }

    /** A titled piece of code. */
    public record Snippet(String title, String code) {
    }

    /**
     * Snippets for a key of {@code kind} (the raw key, or its hint followed by an ellipsis when the key is no
     * longer known), pointing at {@code baseUrl} ({@code http://host:port}).
     */
    public static List<Snippet> forKey(String kind, String key, String baseUrl, long projectNumber) {
        String hostPart = baseUrl.replaceFirst("^https?://", "");
        String scheme = baseUrl.startsWith("https") ? "https" : "http";
        List<Snippet> out = new ArrayList<>();
        switch (kind) {
            case "opensentry" -> {
                String dsn = scheme + "://" + key + "@" + hostPart + "/v1/ingest";
                out.add(new Snippet("Open Sentry DSN", dsn));
                out.add(new Snippet("Open Sentry SDK (Node/browser)",
                        "import { init } from \"@zapdev-labs/sentry-clone\";\ninit({ dsn: \"" + dsn + "\" });"));
                out.add(new Snippet("Sentry SDK DSN", scheme + "://" + key + "@" + hostPart + "/" + projectNumber));
                out.add(new Snippet("Java SDK", "Sluice sluice = Sluice.builder()\n        .endpoint(\"" + baseUrl
                        + "\")\n        .openSentryKey(\"" + key + "\")\n        .build();"));
                out.add(new Snippet("curl", "curl -i -X POST '" + baseUrl + "/v1/ingest' -H 'Content-Type: "
                        + "application/json' -H 'X-Open-Sentry-Key: " + key + "' -d '{\"type\":\"error\","
                        + "\"exception\":{\"type\":\"Error\",\"value\":\"hello\"}}'"));
            }
            case "tailpoint-live", "tailpoint-test" -> {
                out.add(new Snippet("Tailpoint SDK", "import { Tailpoint } from \"@peegee/tailpoint-sdk\";\n"
                        + "const tailpoint = new Tailpoint({ endpoint: \"" + baseUrl + "\", apiKey: \"" + key + "\" });"));
                out.add(new Snippet("Java SDK", "Sluice sluice = Sluice.builder()\n        .endpoint(\"" + baseUrl
                        + "\")\n        .tailpointKey(\"" + key + "\")\n        .build();"));
                out.add(new Snippet("curl", "curl -i -X POST '" + baseUrl + "/api/v1/ingest/tasks' -H 'Authorization: "
                        + "Bearer " + key + "' -H 'Content-Type: application/json' -d '{\"title\":\"Disk almost full\"}'"));
            }
            case "tracestax-live", "tracestax-test" -> {
                out.add(new Snippet("TraceStax SDK (environment)", "TRACESTAX_API_KEY=" + key
                        + "\nTRACESTAX_ENDPOINT=" + baseUrl));
                out.add(new Snippet("Java SDK", "Sluice sluice = Sluice.builder()\n        .endpoint(\"" + baseUrl
                        + "\")\n        .traceStaxKey(\"" + key + "\")\n        .build();"));
                out.add(new Snippet("curl", "curl -s '" + baseUrl + "/v1/ping' -H 'Authorization: Bearer " + key + "'"));
            }
            case "pug-private", "pug-public" -> {
                out.add(new Snippet("Pug SDK", "endpoint: \"" + baseUrl + "\"\napiKey: \"" + key + "\""));
                out.add(new Snippet("Java SDK", "Sluice sluice = Sluice.builder()\n        .endpoint(\"" + baseUrl
                        + "\")\n        .pugKey(\"" + key + "\")\n        .build();"));
            }
            default -> out.add(new Snippet("Key", key));
        }
        return out;
    }
}
