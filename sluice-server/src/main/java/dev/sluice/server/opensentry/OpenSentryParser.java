package dev.sluice.server.opensentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ClientCost;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.Span;
import dev.sluice.protocol.TokenUsage;
import dev.sluice.protocol.TransactionItem;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns an Open Sentry request body into canonical items, enforcing the schema of the protocol spec (§4):
 * one item or an array of 1–20, discriminated by {@code type}; unknown fields are dropped by building every
 * stored document from the known fields only.
 *
 * <p>Sluice extensions, ignored by other servers: an item may carry {@code eventId} (or {@code event_id}) to
 * be stored at most once; a request may carry an {@code Idempotency-Key} header for the same effect on all its
 * items. Transactions without either dedupe on trace id + name + timestamp, which a retry repeats verbatim.
 */
final class OpenSentryParser {

    static final int MAX_ITEMS = 20;
    static final int MAX_FRAMES = 100;
    static final int MAX_BREADCRUMBS = 100;
    private static final int MAX_EVENT_ID = 200;
    private static final Set<String> LEVELS = Set.of("fatal", "error", "warning", "info", "debug");
    private static final Set<String> TX_STATUS = Set.of("ok", "error", "cancelled");
    private static final Set<String> GEN_STATUS = Set.of("ok", "error");

    private OpenSentryParser() {
    }

    /** The body is not JSON. */
    static final class InvalidJson extends Exception {
        InvalidJson() {
            super("Invalid JSON", null, false, false);
        }
    }

    static List<Item> parse(byte[] body, Optional<String> idempotencyKey) throws InvalidJson, InvalidPayload {
        JsonNode root = readJson(body);
        if (root == null || root.isMissingNode()) {
            throw new InvalidJson();
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root instanceof ArrayNode array) {
            if (array.isEmpty() || array.size() > MAX_ITEMS) {
                throw new InvalidPayload("an array must hold 1 to " + MAX_ITEMS + " items");
            }
            array.forEach(nodes::add);
        } else if (root instanceof ObjectNode) {
            nodes.add(root);
        } else {
            throw new InvalidPayload("body must be an item object or an array of items");
        }
        List<Item> items = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            Optional<String> requestKey = idempotencyKey.map(k -> k + "#" + index);
            items.add(item(new Fields(nodes.get(i), "item[" + i + "]"), requestKey));
        }
        return items;
    }

    /** Parses UTF-8; bytes that are not UTF-8 are replaced (as a JavaScript server's decoder does), not refused. */
    private static JsonNode readJson(byte[] body) throws InvalidJson {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            try {
                return Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (IOException again) {
                throw new InvalidJson();
            }
        }
    }

    private static Item item(Fields f, Optional<String> requestKey) throws InvalidPayload {
        Optional<String> eventId = eventId(f.node()).or(() -> requestKey);
        String type = f.requiredString("type");
        return switch (type) {
            case "error" -> error(f, eventId);
            case "transaction" -> transaction(f, eventId);
            case "ai_generation" -> generation(f, eventId);
            default -> throw new InvalidPayload("unknown item type " + type);
        };
    }

    private static Optional<String> eventId(ObjectNode node) {
        for (String name : List.of("eventId", "event_id")) {
            JsonNode v = node.get(name);
            if (v != null && v.isTextual() && !v.textValue().isEmpty() && v.textValue().length() <= MAX_EVENT_ID) {
                return Optional.of(v.textValue());
            }
        }
        return Optional.empty();
    }

    private static ErrorItem error(Fields f, Optional<String> eventId) throws InvalidPayload {
        if (!f.has("exception")) {
            throw new InvalidPayload("error.exception is required");
        }
        Fields exception = new Fields(f.node().get("exception"), "exception");
        ObjectNode exceptionOut = Json.object();
        Optional<String> exType = exception.string("type");
        Optional<String> exValue = exception.string("value");
        exception.copy(exceptionOut, "type", "value");
        List<Frame> frames = new ArrayList<>();
        if (exception.has("stacktrace")) {
            Fields stacktrace = new Fields(exception.node().get("stacktrace"), "exception.stacktrace");
            Optional<ArrayNode> frameNodes = stacktrace.array("frames", MAX_FRAMES);
            ObjectNode stackOut = exceptionOut.putObject("stacktrace");
            if (frameNodes.isPresent()) {
                ArrayNode framesOut = stackOut.putArray("frames");
                for (JsonNode node : frameNodes.get()) {
                    frames.add(frame(new Fields(node, "frame"), framesOut.addObject()));
                }
            }
        }
        Optional<String> message = f.string("message");
        Optional<String> level = f.oneOf("level", LEVELS);
        ObjectNode detail = Json.object();
        detail.set("exception", exceptionOut);
        message.ifPresent(m -> detail.put("message", m));
        Optional<ArrayNode> crumbs = f.array("breadcrumbs", MAX_BREADCRUMBS);
        if (crumbs.isPresent()) {
            ArrayNode out = detail.putArray("breadcrumbs");
            for (JsonNode node : crumbs.get()) {
                breadcrumb(new Fields(node, "breadcrumb"), out.addObject());
            }
        }
        f.stringMap("tags").ifPresent(t -> detail.set("tags", t));
        f.stringMap("user").ifPresent(u -> detail.set("user", u));
        Optional<String> environment = f.string("environment");
        Optional<String> release = f.string("release");
        Optional<String> timestamp = f.string("timestamp");
        return new ErrorItem(exType, exValue, message, level, frames, environment, release, timestamp, eventId,
                detail.toString());
    }

    private static Frame frame(Fields f, ObjectNode out) throws InvalidPayload {
        Optional<String> filename = f.string("filename");
        Optional<String> function = f.string("function");
        for (String s : List.of("module", "absPath", "contextLine")) {
            f.string(s);
        }
        f.number("lineno");
        f.number("colno");
        boolean inApp = f.bool("inApp").orElse(true);
        for (String s : List.of("preContext", "postContext")) {
            Optional<ArrayNode> lines = f.array(s, Integer.MAX_VALUE);
            if (lines.isPresent()) {
                for (JsonNode line : lines.get()) {
                    if (!line.isTextual()) {
                        throw new InvalidPayload("frame." + s + " must hold strings");
                    }
                }
            }
        }
        f.copy(out, "filename", "function", "lineno", "colno", "inApp", "module", "absPath", "contextLine",
                "preContext", "postContext");
        return new Frame(filename, function, inApp);
    }

    private static void breadcrumb(Fields f, ObjectNode out) throws InvalidPayload {
        for (String s : List.of("category", "message", "level", "timestamp", "type")) {
            f.string(s);
        }
        f.anyObject("data");
        f.copy(out, "category", "message", "level", "timestamp", "type", "data");
    }

    private static TransactionItem transaction(Fields f, Optional<String> eventId) throws InvalidPayload {
        String name = f.requiredString("name");
        String traceId = f.requiredString("traceId");
        double duration = f.requiredNumber("durationMs");
        String status = f.oneOf("status", TX_STATUS).orElse("ok");
        List<Span> spans = new ArrayList<>();
        Optional<ArrayNode> spanNodes = f.array("spans", Integer.MAX_VALUE);
        if (spanNodes.isPresent()) {
            for (JsonNode node : spanNodes.get()) {
                Fields s = new Fields(node, "span");
                spans.add(new Span(s.requiredString("spanId"), s.requiredString("op"), s.string("description"),
                        s.requiredNumber("durationMs"), s.string("parentSpanId")));
            }
        }
        Optional<String> timestamp = f.string("timestamp");
        Optional<String> natural = timestamp.map(t -> traceId + "\u001f" + name + "\u001f" + t);
        return new TransactionItem(name, traceId, duration, status, spans, f.string("environment"),
                f.string("release"), timestamp, eventId.or(() -> natural));
    }

    private static GenerationItem generation(Fields f, Optional<String> eventId) throws InvalidPayload {
        String provider = f.nonEmptyString("provider");
        String model = f.nonEmptyString("model");
        long input = f.count("inputTokens").orElseThrow(() -> new InvalidPayload("inputTokens is required"));
        long output = f.count("outputTokens").orElse(0);
        long total = f.count("totalTokens").orElse(input + output);
        TokenUsage tokens = new TokenUsage(input, output, total, f.count("cachedInputTokens").orElse(0),
                f.count("cacheWriteTokens").orElse(0));
        ClientCost cost = new ClientCost(f.nonNegative("inputCostUsd"), f.nonNegative("outputCostUsd"),
                f.nonNegative("totalCostUsd"));
        OptionalLong latency = f.count("latencyMs");
        OptionalLong ttft = f.count("timeToFirstTokenMs");
        String status = f.oneOf("status", GEN_STATUS).orElse("ok");
        ObjectNode detail = Json.object();
        f.stringMap("tags").ifPresent(t -> detail.set("tags", t));
        f.stringMap("user").ifPresent(u -> detail.set("user", u));
        f.anyObject("metadata").ifPresent(m -> detail.set("metadata", m));
        return new GenerationItem(provider, model, tokens, cost, latency, ttft, status, f.string("traceId"),
                f.string("spanId"), f.string("environment"), f.string("release"), f.string("timestamp"), eventId,
                detail.toString());
    }
}
