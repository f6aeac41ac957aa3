package dev.sluice.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pre-built request bodies shaped like what the ecosystem's clients send: gzip-compressed Sentry envelopes
 * (as {@code io.sentry:sentry} 8.x writes them) and binary OTLP trace exports (as the OpenTelemetry SDK's
 * OTLP/HTTP exporter writes them). Built before the clock starts, like {@link Payloads}.
 */
final class EcosystemPayloads {

    private static final int GROUPS = 50;

    private EcosystemPayloads() {
    }

    /**
     * {@code variants} envelopes, each one {@code event} item of about {@code itemBytes} of JSON, over 50
     * distinct in-app stacks (so grouping makes 50 issues). The event ids carry the per-send stamp inside a
     * stored gzip block ({@link GzipStamp}).
     */
    static Sentry sentry(int variants, int itemBytes) {
        Random random = new Random(42);
        List<byte[]> bodies = new ArrayList<>(variants);
        List<GzipStamp> stamps = new ArrayList<>(variants);
        long bytes = 0;
        long plainBytes = 0;
        String now = Instant.now().toString();
        for (int v = 0; v < variants; v++) {
            // 23 hex digits + the 9-character per-send stamp: event ids are unique per send, so Sentry's
            // event-id deduplication never turns a resend into a cheap duplicate.
            String eventId = hex(random, 12).substring(0, 23) + UniqueStamp.MARKER;
            String event = sentryEvent(eventId, v % GROUPS, now, itemBytes);
            byte[] json = event.getBytes(StandardCharsets.UTF_8);
            String head = "{\"event_id\":\"" + eventId + "\",\"sent_at\":\"" + now
                    + "\",\"sdk\":{\"name\":\"sentry.java\",\"version\":\"8.43.1\"}}\n{\"type\":\"event\",\"length\":"
                    + json.length + ",\"content_type\":\"application/json\"}\n";
            byte[] plain = (head + event + "\n").getBytes(StandardCharsets.UTF_8);
            int storedPrefix = head.length() + event.indexOf(UniqueStamp.MARKER) + UniqueStamp.MARKER.length();
            byte[] b = GzipStamp.gzip(plain, storedPrefix);
            stamps.add(new GzipStamp(plain, UniqueStamp.positions(plain)));
            bytes += b.length;
            plainBytes += plain.length;
            bodies.add(b);
        }
        return new Sentry(new Payloads.Set(List.copyOf(bodies), 1, (double) bytes / variants), List.copyOf(stamps),
                (double) plainBytes / variants);
    }

    /** Sentry bodies with their stamp data and mean uncompressed envelope size. */
    record Sentry(Payloads.Set set, List<GzipStamp> stamps, double meanPlainBytes) {
    }

    private static String sentryEvent(String eventId, int group, String timestamp, int itemBytes) {
        StringBuilder sb = new StringBuilder(itemBytes + 256).append("{\"event_id\":\"").append(eventId)
                .append("\",\"timestamp\":\"").append(timestamp).append("\",\"platform\":\"java\",\"level\":\"error\",")
                .append("\"logger\":\"com.example.OrderService\",\"server_name\":\"bench-1\",\"release\":\"shop@1.4.2\",")
                .append("\"environment\":\"bench\",\"tags\":{\"region\":\"eu-1\"},\"user\":{\"id\":\"u").append(group)
                .append("\"},\"contexts\":{\"runtime\":{\"name\":\"OpenJDK\",\"version\":\"25\"}},")
                .append("\"exception\":{\"values\":[{\"type\":\"IllegalStateException\",\"value\":\"order ")
                .append(10_000 + group * 7).append(" could not be saved\",\"module\":\"java.lang\",")
                .append("\"stacktrace\":{\"frames\":[");
        // Sentry lists the throwing frame last; the last frame's function differs per group.
        String[] frames = {"java.lang.Thread|run|Thread.java|1583|false",
            "com.example.Worker|loop|Worker.java|88|true", "com.example.OrderController|post|OrderController.java|41|true",
            "com.example.OrderService|save" + group + "|OrderService.java|" + (100 + group) + "|true"};
        String tail = "]}}]},\"sdk\":{\"name\":\"sentry.java\",\"version\":\"8.43.1\"}}";
        int padEach = Math.max(0, (itemBytes - sb.length() - tail.length() - frames.length * 130) / frames.length);
        for (int f = 0; f < frames.length; f++) {
            String[] p = frames[f].split("\\|");
            sb.append(f == 0 ? "" : ",").append("{\"module\":\"").append(p[0]).append("\",\"function\":\"")
                    .append(p[1]).append("\",\"filename\":\"").append(p[2]).append("\",\"lineno\":").append(p[3])
                    .append(",\"in_app\":").append(p[4]).append(",\"context_line\":\"")
                    .append("x".repeat(padEach)).append("\"}");
        }
        return sb.append(tail).toString();
    }

    /**
     * {@code variants} OTLP exports, each one trace of {@code spans} spans: a root server span and its children.
     * The trace id's first 9 bytes are {@link UniqueStamp#MARKER}, overwritten per send, so no export is a replay
     * (OTLP transactions are deduplicated by trace and root span id).
     */
    static Payloads.Set otlp(int variants, int spans) {
        Random random = new Random(42);
        List<byte[]> bodies = new ArrayList<>(variants);
        long bytes = 0;
        long start = System.currentTimeMillis() * 1_000_000L;
        for (int v = 0; v < variants; v++) {
            byte[] trace = new byte[16];
            random.nextBytes(trace);
            System.arraycopy(UniqueStamp.MARKER.getBytes(StandardCharsets.US_ASCII), 0, trace, 0, 9);
            ByteString traceId = ByteString.copyFrom(trace);
            ByteString rootId = spanId(random);
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            scope.getScopeBuilder().setName("io.opentelemetry.spring-webmvc-6.0").setVersion("2.10.0");
            scope.addSpans(Span.newBuilder().setTraceId(traceId).setSpanId(rootId).setName("GET /api/orders/{id}")
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + 40_000_000L + v % 100 * 100_000L)
                    .addAttributes(attr("http.request.method", "GET")).addAttributes(attr("url.path", "/api/orders/" + v))
                    .addAttributes(attr("http.route", "/api/orders/{id}")));
            for (int s = 1; s < spans; s++) {
                long at = start + s * 300_000L;
                scope.addSpans(Span.newBuilder().setTraceId(traceId).setSpanId(spanId(random)).setParentSpanId(rootId)
                        .setName("SELECT shop.orders").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(at).setEndTimeUnixNano(at + 250_000L)
                        .addAttributes(attr("db.system", "postgresql"))
                        .addAttributes(attr("db.query.text", "SELECT * FROM orders WHERE id = ?")));
            }
            ResourceSpans resource = ResourceSpans.newBuilder().setResource(Resource.newBuilder()
                            .addAttributes(attr("service.name", "shop")).addAttributes(attr("service.version", "1.4.2"))
                            .addAttributes(attr("deployment.environment.name", "bench")))
                    .addScopeSpans(scope).build();
            byte[] b = ExportTraceServiceRequest.newBuilder().addResourceSpans(resource).build().toByteArray();
            bytes += b.length;
            bodies.add(b);
        }
        return new Payloads.Set(List.copyOf(bodies), spans, (double) bytes / variants);
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString spanId(Random random) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return ByteString.copyFrom(id);
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }
}
