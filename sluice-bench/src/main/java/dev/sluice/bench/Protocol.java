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
    TAILPOINT("/api/v1/ingest/tasks", KeyKind.TAILPOINT_LIVE),
    /**
     * TraceStax job events ({@code POST /v1/ingest}, {@code {"events":[…]}} as the batching SDKs send):
     * {@code --items} task events per request, each with a task id unique per send ({@link UniqueStamp}).
     */
    TRACESTAX("/v1/ingest", KeyKind.TRACESTAX_LIVE),
    /**
     * Sentry envelopes as the official SDKs send them ({@code POST /api/{n}/envelope/}, {@code X-Sentry-Auth},
     * gzip): one ~1 KB {@code event} item per envelope; bodies from {@link EcosystemPayloads#sentry}.
     */
    SENTRY("/api/{n}/envelope/", KeyKind.OPENSENTRY),
    /**
     * OTLP/HTTP traces ({@code POST /v1/traces}, binary protobuf): one trace of {@code --items} spans (one root)
     * per request, trace id unique per send; bodies from {@link EcosystemPayloads#otlp}.
     */
    OTLP("/v1/traces", KeyKind.OPENSENTRY);

    private final String path;
    private final KeyKind keyKind;

    Protocol(String path, KeyKind keyKind) {
        this.path = path;
        this.keyKind = keyKind;
    }

    /** The request path; Sentry's carries the project's number. */
    String path(long projectNumber) {
        return path.replace("{n}", Long.toString(projectNumber));
    }

    KeyKind keyKind() {
        return keyKind;
    }

    /** The content and credential header lines (CRLF-separated, without the final CRLF). */
    String headers(String key) {
        return switch (this) {
            case OPENSENTRY -> "Content-Type: application/json\r\nX-Open-Sentry-Key: " + key;
            case TAILPOINT, TRACESTAX -> "Content-Type: application/json\r\nAuthorization: Bearer " + key;
            case SENTRY -> "Content-Type: application/x-sentry-envelope\r\nContent-Encoding: gzip\r\n"
                    + "X-Sentry-Auth: Sentry sentry_version=7, sentry_client=sentry.java/8.43.1, sentry_key=" + key;
            case OTLP -> "Content-Type: application/x-protobuf\r\nAuthorization: Bearer " + key;
        };
    }

    static Protocol parse(String name) {
        return switch (name) {
            case "opensentry" -> OPENSENTRY;
            case "tailpoint" -> TAILPOINT;
            case "tracestax" -> TRACESTAX;
            case "sentry" -> SENTRY;
            case "otlp" -> OTLP;
            default -> throw new IllegalArgumentException("unknown --protocol " + name
                    + " (opensentry|tailpoint|tracestax|sentry|otlp)");
        };
    }

    /** TraceStax batches: {@code items} task events each, a mix of succeeded and failed runs over 20 task names. */
    static Payloads.Set traceStaxBodies(int items, int variants) {
        List<byte[]> bodies = new ArrayList<>(variants);
        long bytes = 0;
        for (int v = 0; v < variants; v++) {
            StringBuilder body = new StringBuilder("{\"events\":[");
            for (int i = 0; i < items; i++) {
                boolean failed = (v + i) % 10 == 0;
                body.append(i == 0 ? "" : ",").append("{\"type\":\"task_event\",\"framework\":\"generic\",")
                        .append("\"language\":\"java\",\"sdk_version\":\"0.1.0\",\"worker\":{\"key\":\"bench:")
                        .append(v % 8).append("\",\"hostname\":\"bench\",\"pid\":").append(v % 8)
                        .append(",\"queues\":[\"default\"],\"concurrency\":4},\"task\":{\"name\":\"job.")
                        .append(i % 20).append("\",\"id\":\"").append(UniqueStamp.MARKER).append('-').append(i)
                        .append("\",\"queue\":\"default\",\"attempt\":1},\"status\":\"")
                        .append(failed ? "failed" : "succeeded").append("\",\"metrics\":{\"duration_ms\":")
                        .append(10 + i).append(",\"queued_ms\":3}")
                        .append(failed ? ",\"error\":{\"type\":\"TimeoutError\",\"message\":\"took too long\"}" : "")
                        .append('}');
            }
            byte[] b = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            bytes += b.length;
            bodies.add(b);
        }
        return new Payloads.Set(List.copyOf(bodies), items, (double) bytes / variants);
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
