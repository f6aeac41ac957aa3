package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.Span;
import dev.sluice.protocol.TransactionItem;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.Refusal;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sentry's v2 span streams ({@code span} items of {@code {"items":[…]}}, what {@code @sentry/node} 11 sends
 * with its default {@code traceLifecycle: 'stream'}): spans are grouped by their segment
 * ({@code sentry.segment.id}, else the trace) into transactions. The segment span ({@code is_segment}) names
 * the transaction and gives its duration and status; the other spans become its child spans. Spans whose
 * segment came in another envelope still make a transaction (named by {@code sentry.segment.name}, spanning
 * them), so nothing acknowledged is dropped. A resent envelope is deduplicated by the segment's span id.
 */
final class SentrySpans {

    static final int MAX_ITEM_BYTES = 10 * 1024 * 1024;

    private SentrySpans() {
    }

    private record Parsed(JsonNode node, ObjectNode attrs, String spanId, double start, double end) {
    }

    static List<TransactionItem> transactions(byte[] payload) throws Refusal {
        if (payload.length > MAX_ITEM_BYTES) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, "span item exceeds " + MAX_ITEM_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw invalid("payload is not JSON");
        }
        if (!(root instanceof ObjectNode) || !root.path("items").isArray()) {
            throw invalid("payload must be {\"items\": [...]}");
        }
        Map<String, List<Parsed>> bySegment = new LinkedHashMap<>();
        for (JsonNode s : root.get("items")) {
            if (!s.isObject() || Nodes.text(s, "span_id").isEmpty() || Nodes.text(s, "trace_id").isEmpty()) {
                throw invalid("each span needs span_id and trace_id");
            }
            ObjectNode attrs = Json.object();
            if (s.get("attributes") instanceof ObjectNode a) {
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    JsonNode v = e.getValue().isObject() ? e.getValue().get("value") : e.getValue();
                    Nodes.scalar(v).ifPresent(text -> attrs.put(e.getKey(), text));
                }
            }
            String spanId = Nodes.text(s, "span_id").get();
            String segment = s.path("is_segment").asBoolean(false) ? spanId
                    : text(attrs, "sentry.segment.id").orElse("trace:" + Nodes.text(s, "trace_id").get());
            bySegment.computeIfAbsent(segment, k -> new ArrayList<>()).add(new Parsed(s, attrs, spanId,
                    Nodes.seconds(s.get("start_timestamp")).orElse(0), Nodes.seconds(s.get("end_timestamp")).orElse(0)));
            if (bySegment.values().stream().mapToInt(List::size).sum() > SentryTransactions.MAX_SPANS) {
                throw invalid("more than " + SentryTransactions.MAX_SPANS + " spans in one item");
            }
        }
        List<TransactionItem> out = new ArrayList<>();
        for (Map.Entry<String, List<Parsed>> e : bySegment.entrySet()) {
            out.add(transaction(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static TransactionItem transaction(String segmentId, List<Parsed> spans) {
        Optional<Parsed> segment = spans.stream().filter(p -> p.spanId().equals(segmentId)).findFirst();
        Parsed head = segment.orElse(spans.get(0));
        double start = segment.map(Parsed::start).orElse(spans.stream().mapToDouble(Parsed::start).min().orElse(0));
        double end = segment.map(Parsed::end).orElse(spans.stream().mapToDouble(Parsed::end).max().orElse(0));
        String name = segment.flatMap(p -> Nodes.text(p.node(), "name"))
                .or(() -> text(head.attrs(), "sentry.segment.name")).orElse("<unlabeled transaction>");
        boolean failed = segment.map(p -> !"ok".equals(Nodes.text(p.node(), "status").orElse("ok")))
                .orElse(spans.stream().anyMatch(p -> !"ok".equals(Nodes.text(p.node(), "status").orElse("ok"))));
        List<Span> children = new ArrayList<>();
        for (Parsed p : spans) {
            if (p != segment.orElse(null)) {
                children.add(new Span(p.spanId(), text(p.attrs(), "sentry.op").orElse("default"),
                        Nodes.text(p.node(), "name"), ms(p.start(), p.end()), Nodes.text(p.node(), "parent_span_id")));
            }
        }
        String key = segment.isPresent() ? segmentId
                : segmentId + ":" + spans.stream().map(Parsed::spanId).sorted().findFirst().orElse("");
        return new TransactionItem(name, Nodes.text(head.node(), "trace_id").orElseThrow(), ms(start, end),
                failed ? "error" : "ok", children, text(head.attrs(), "sentry.environment"),
                text(head.attrs(), "sentry.release"), end > 0 && end < 1e11
                ? Optional.of(Instant.ofEpochMilli(Math.round(end * 1000)).toString()) : Optional.empty(),
                Optional.of("sentry-span:" + key));
    }

    private static double ms(double start, double end) {
        double ms = (end - start) * 1000;
        return Double.isFinite(ms) && ms > 0 ? ms : 0;
    }

    private static Optional<String> text(ObjectNode attrs, String key) {
        return Optional.ofNullable(attrs.get(key)).map(JsonNode::asText).filter(s -> !s.isEmpty());
    }

    private static Refusal invalid(String message) {
        return Refusal.of(Refusal.Reason.INVALID, "invalid span item: " + message);
    }
}
