package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.Span;
import dev.sluice.protocol.TransactionItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** A Sentry {@code transaction} payload as a transaction with its child spans. */
final class SentryTransactions {

    static final int MAX_SPANS = 1000;

    private SentryTransactions() {
    }

    static TransactionItem transaction(ObjectNode event, Optional<String> envelopeEventId) {
        JsonNode trace = event.path("contexts").path("trace");
        Optional<String> eventId = Nodes.text(event, "event_id").or(() -> envelopeEventId);
        String traceId = Nodes.text(trace, "trace_id").or(() -> eventId).orElse("unknown");
        String name = Nodes.text(event, "transaction").orElse("<unlabeled transaction>");
        List<Span> spans = new ArrayList<>();
        for (JsonNode s : Nodes.values(event, "spans")) {
            if (spans.size() == MAX_SPANS) {
                break;
            }
            if (s.isObject()) {
                spans.add(new Span(Nodes.text(s, "span_id").orElse(""), Nodes.text(s, "op").orElse("default"),
                        Nodes.text(s, "description"), durationMs(s), Nodes.text(s, "parent_span_id")));
            }
        }
        return new TransactionItem(name, traceId, durationMs(event), status(Nodes.text(trace, "status")), spans,
                Nodes.text(event, "environment"), Nodes.text(event, "release"),
                Nodes.isoTimestamp(event.get("timestamp")), eventId.map(id -> "sentry:" + id));
    }

    /** {@code timestamp - start_timestamp} in milliseconds; 0 when either is missing or the order is wrong. */
    static double durationMs(JsonNode node) {
        OptionalDouble end = Nodes.seconds(node.get("timestamp"));
        OptionalDouble start = Nodes.seconds(node.get("start_timestamp"));
        if (end.isEmpty() || start.isEmpty()) {
            return 0;
        }
        double ms = (end.getAsDouble() - start.getAsDouble()) * 1000;
        return Double.isFinite(ms) && ms > 0 ? ms : 0;
    }

    /** Sentry's span statuses folded into Sluice's three. */
    static String status(Optional<String> sentryStatus) {
        return switch (sentryStatus.orElse("ok")) {
            case "ok" -> "ok";
            case "cancelled" -> "cancelled";
            default -> "error";
        };
    }
}
