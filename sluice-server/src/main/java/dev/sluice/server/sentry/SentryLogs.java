package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.LogItem;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.Refusal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sentry structured logs: a {@code log} item holds {@code {"items":[…]}}, each record with {@code timestamp}
 * (seconds), {@code level}, {@code body}, {@code trace_id}, optional {@code severity_number} and typed
 * {@code attributes} ({@code {"key":{"value":…,"type":…}}}). They become the same log records as OTLP logs:
 * {@code sentry.environment}, {@code sentry.release} and {@code server.address} (or {@code sentry.sdk.name})
 * fill environment, release and service; all attributes are kept as strings.
 */
final class SentryLogs {

    /** Records per item and bytes per item: a container holds a batch of records (the SDKs flush up to 100). */
    static final int MAX_RECORDS = 1000;
    static final int MAX_ITEM_BYTES = 10 * 1024 * 1024;
    private static final Map<String, Integer> LEVELS = Map.of("trace", 1, "debug", 5, "info", 9, "warn", 13,
            "warning", 13, "error", 17, "fatal", 21);

    private SentryLogs() {
    }

    static List<LogItem> logs(byte[] payload) throws Refusal {
        if (payload.length > MAX_ITEM_BYTES) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, "log item exceeds " + MAX_ITEM_BYTES + " bytes");
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
        if (root.get("items").size() > MAX_RECORDS) {
            throw invalid("more than " + MAX_RECORDS + " records in one item");
        }
        List<LogItem> out = new ArrayList<>();
        for (JsonNode r : root.get("items")) {
            if (!r.isObject()) {
                throw invalid("each record must be an object");
            }
            String level = Nodes.text(r, "level").orElse("info").toLowerCase(java.util.Locale.ROOT);
            int severity = r.path("severity_number").canConvertToInt() ? r.path("severity_number").asInt()
                    : LEVELS.getOrDefault(level, 0);
            if (severity < 0 || severity > 24) {
                throw invalid("severity_number must be 0-24");
            }
            ObjectNode attrs = Json.object();
            if (r.get("attributes") instanceof ObjectNode a) {
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    JsonNode v = e.getValue().isObject() ? e.getValue().get("value") : e.getValue();
                    Nodes.scalar(v).ifPresent(text -> attrs.put(e.getKey(), text));
                }
            }
            out.add(new LogItem(Nodes.isoTimestamp(r.get("timestamp")), severity, level,
                    Nodes.text(r, "body").orElse(""), Nodes.text(r, "trace_id"), Nodes.text(r, "span_id"),
                    text(attrs, "server.address").or(() -> text(attrs, "sentry.sdk.name")),
                    text(attrs, "sentry.environment"), text(attrs, "sentry.release"), attrs.toString()));
        }
        return out;
    }

    private static Optional<String> text(ObjectNode attrs, String key) {
        return Optional.ofNullable(attrs.get(key)).map(JsonNode::asText).filter(s -> !s.isEmpty());
    }

    private static Refusal invalid(String message) {
        return Refusal.of(Refusal.Reason.INVALID, "invalid log item: " + message);
    }
}
