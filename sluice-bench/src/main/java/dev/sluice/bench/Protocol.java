package dev.sluice.bench;

import dev.sluice.server.auth.KeyKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The wire protocols the generator can speak: where to post, how to authenticate, what to send. */
enum Protocol {
    /** Open Sentry items ({@code POST /v1/ingest}); bodies from {@link Payloads}. */
    OPENSENTRY("/v1/ingest", KeyKind.OPENSENTRY),
    /**
     * Tailpoint task events ({@code POST /api/v1/ingest/tasks}): the synchronous path, each request waiting
     * for its own created/deduped answer. Events spread over 500 dedupe keys and carry no idempotency key,
     * so every request is processed (a dedupe hit on an open task), never a cheap replay.
     */
    TAILPOINT("/api/v1/ingest/tasks", KeyKind.TAILPOINT_LIVE);

    private final String path;
    private final KeyKind keyKind;

    Protocol(String path, KeyKind keyKind) {
        this.path = path;
        this.keyKind = keyKind;
    }

    String path() {
        return path;
    }

    KeyKind keyKind() {
        return keyKind;
    }

    /** The credential header line (without CRLF). */
    String authHeader(String key) {
        return this == TAILPOINT ? "Authorization: Bearer " + key : "X-Open-Sentry-Key: " + key;
    }

    static Protocol parse(String name) {
        return switch (name) {
            case "opensentry" -> OPENSENTRY;
            case "tailpoint" -> TAILPOINT;
            default -> throw new IllegalArgumentException("unknown --protocol " + name + " (opensentry|tailpoint)");
        };
    }

    /** Tailpoint bodies: {@code variants} events over 500 dedupe keys. */
    static Payloads.Set tailpointBodies(int variants) {
        List<byte[]> bodies = new ArrayList<>(variants);
        long bytes = 0;
        for (int v = 0; v < variants; v++) {
            byte[] b = ("{\"source\":\"sdk\",\"title\":\"Job " + (v % 500) + " failed\",\"severity\":\"high\","
                    + "\"dedupeKey\":\"job-" + (v % 500) + "\",\"metadata\":{\"attempt\":" + v + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            bytes += b.length;
            bodies.add(b);
        }
        return new Payloads.Set(List.copyOf(bodies), 1, (double) bytes / variants);
    }
}
