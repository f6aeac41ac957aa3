package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.Item;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.Refusal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Envelope items to canonical items. {@code event}, {@code transaction}, {@code check_in}, {@code session},
 * {@code sessions}, {@code log}, v2 {@code span} streams and {@code attachment}s (up to 20 MB each) are stored, {@code client_report} drop counts are summed per reason and category and
 * stored; every other type is accepted and counted, and unknown types never fail the envelope. Items other than
 * events carry a resend key ({@link ResendKeys}) so a resent envelope stores them once.
 */
final class SentryDecoder {

    /** Sentry's limit for one event or transaction payload. */
    static final int MAX_EVENT_BYTES = 1_000_000;

    private SentryDecoder() {
    }

    static SentryRequest envelope(byte[] body) throws Refusal {
        Envelope envelope;
        try {
            envelope = Envelope.parse(body);
        } catch (Envelope.Invalid e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid envelope: " + e.getMessage());
        }
        List<Item> items = new ArrayList<>();
        Set<String> categories = new LinkedHashSet<>();
        Map<String, Integer> ignored = new TreeMap<>();
        Map<String, Long> discarded = new TreeMap<>();
        Optional<String> eventId = envelope.eventId();
        ResendKeys keys = new ResendKeys(envelope, body);
        for (int position = 0; position < envelope.items().size(); position++) {
            Envelope.EnvelopeItem item = envelope.items().get(position);
            categories.add(category(item.type()));
            switch (item.type()) {
                case "event", "transaction" -> {
                    ObjectNode payload = event(item.payload());
                    boolean transaction = item.type().equals("transaction");
                    Item decoded = transaction ? SentryTransactions.transaction(payload, envelope.eventId())
                            : SentryEvents.error(payload, envelope.eventId());
                    items.add(decoded);
                    if (eventId.isEmpty()) {
                        eventId = Nodes.text(payload, "event_id");
                    }
                }
                case "check_in" -> items.add(ResendKeys.checkIn(SentryCheckIns.checkIn(event(item.payload()))));
                case "session" -> SentrySessions.session(event(item.payload())).ifPresentOrElse(items::add,
                        () -> ignored.merge("session", 1, Integer::sum));
                case "sessions" -> {
                    List<Item> counted = SentrySessions.aggregates(event(item.payload()));
                    if (counted.isEmpty()) {
                        ignored.merge("sessions", 1, Integer::sum);
                    }
                    for (Item bucket : counted) {
                        items.add(keys.sessions(bucket, position));
                    }
                }
                case "client_report" -> clientReport(item.payload(), discarded);
                case "log" -> {
                    for (dev.sluice.protocol.LogItem log : SentryLogs.logs(item.payload())) {
                        items.add(keys.log(log, position));
                    }
                }
                case "span" -> items.addAll(SentrySpans.transactions(item.payload()));
                case "attachment" -> items.add(keys.attachment(attachment(item, envelope.eventId()), position));
                default -> ignored.merge(item.type(), 1, Integer::sum);
            }
        }
        // Stored per envelope, summed: the API's counts survive restarts and add up across nodes; a resent
        // envelope's report is counted once (ResendKeys).
        discarded.forEach((key, n) -> {
            int slash = key.indexOf('/');
            items.add(keys.clientReport(key.substring(0, slash), key.substring(slash + 1), n));
        });
        return new SentryRequest(items, categories, eventId, ignored, discarded);
    }

    /** The legacy {@code /store/} body: one event (or transaction) as JSON. */
    static SentryRequest store(byte[] body) throws Refusal {
        ObjectNode payload = event(body);
        boolean transaction = "transaction".equals(payload.path("type").asText());
        Item item = transaction ? SentryTransactions.transaction(payload, Optional.empty())
                : SentryEvents.error(payload, Optional.empty());
        return new SentryRequest(List.of(item), Set.of(transaction ? "transaction" : "error"),
                Nodes.text(payload, "event_id"), Map.of(), Map.of());
    }

    private static ObjectNode event(byte[] payload) throws Refusal {
        if (payload.length > MAX_EVENT_BYTES) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, "event exceeds " + MAX_EVENT_BYTES + " bytes");
        }
        try {
            if (Json.MAPPER.readTree(payload) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // fall through
        }
        throw Refusal.of(Refusal.Reason.INVALID, "event payload is not a JSON object");
    }

    private static void clientReport(byte[] payload, Map<String, Long> discarded) {
        try {
            JsonNode report = Json.MAPPER.readTree(payload);
            for (JsonNode d : report.path("discarded_events")) {
                long quantity = d.path("quantity").asLong(0);
                if (quantity > 0 && quantity <= 1_000_000_000L) {
                    discarded.merge(label(d.path("reason").asText("unknown")) + "/"
                            + label(d.path("category").asText("unknown")), quantity, Long::sum);
                }
            }
        } catch (IOException e) {
            // A broken report is only a lost statistic; the envelope's events still count.
        }
    }

    /** Sentry's cap on one attachment. */
    static final int MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

    private static AttachmentItem attachment(Envelope.EnvelopeItem item, Optional<String> eventId) throws Refusal {
        if (item.payload().length > MAX_ATTACHMENT_BYTES) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, "attachment exceeds " + MAX_ATTACHMENT_BYTES + " bytes");
        }
        String filename = Nodes.text(item.headers(), "filename").orElse("attachment");
        return new AttachmentItem(eventId.map(id -> id.replace("-", "").toLowerCase(java.util.Locale.ROOT)), filename.substring(0, Math.min(255, filename.length())),
                Nodes.text(item.headers(), "content_type").orElse("application/octet-stream"),
                Nodes.text(item.headers(), "attachment_type").orElse("event.attachment"), item.payload());
    }

    /** A reason or category as a short label (no '/', which separates them in the counter keys). */
    private static String label(String raw) {
        String s = raw.replace('/', '_');
        return s.isEmpty() ? "unknown" : s.substring(0, Math.min(64, s.length()));
    }

    /** Sentry's rate-limit category of an item type. */
    static String category(String itemType) {
        return switch (itemType) {
            case "event" -> "error";
            case "session", "sessions" -> "session";
            case "check_in" -> "monitor";
            case "log" -> "log_item";
            case "client_report" -> "internal";
            default -> itemType;
        };
    }
}
