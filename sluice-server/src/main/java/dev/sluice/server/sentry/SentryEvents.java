package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import dev.sluice.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Sentry {@code event} payload as an error occurrence. Sentry lists frames outermost first (the throwing
 * frame last) and chained exceptions oldest first (the one caught at the top last); Sluice keeps frames
 * innermost first like Open Sentry, so they are reversed, and the last exception is the occurrence's own.
 */
final class SentryEvents {

    static final int MAX_FRAMES = 250;
    static final int MAX_BREADCRUMBS = 100;
    private static final Set<String> LEVELS = Set.of("fatal", "error", "warning", "info", "debug");

    private SentryEvents() {
    }

    static ErrorItem error(ObjectNode event, Optional<String> envelopeEventId) {
        List<JsonNode> exceptions = Nodes.values(event, "exception").stream().filter(JsonNode::isObject).toList();
        ObjectNode detail = Json.object();
        Optional<String> type = Optional.empty();
        Optional<String> value = Optional.empty();
        List<Frame> frames = List.of();
        if (!exceptions.isEmpty()) {
            JsonNode top = exceptions.get(exceptions.size() - 1);
            type = Nodes.text(top, "type");
            value = Nodes.text(top, "value");
            ObjectNode ex = detail.putObject("exception");
            type.ifPresent(t -> ex.put("type", t));
            value.ifPresent(v -> ex.put("value", v));
            Nodes.text(top, "module").ifPresent(m -> ex.put("module", m));
            ArrayNode framesOut = ex.putObject("stacktrace").putArray("frames");
            frames = frames(top, framesOut);
            if (exceptions.size() > 1) {
                ArrayNode chain = detail.putArray("chain");
                for (int i = exceptions.size() - 2; i >= 0; i--) {
                    ObjectNode cause = chain.addObject();
                    Nodes.text(exceptions.get(i), "type").ifPresent(t -> cause.put("type", t));
                    Nodes.text(exceptions.get(i), "value").ifPresent(v -> cause.put("value", v));
                    frames(exceptions.get(i), cause.putObject("stacktrace").putArray("frames"));
                }
            }
        }
        Optional<String> message = message(event);
        message.ifPresent(m -> detail.put("message", m));
        Optional<String> level = Nodes.text(event, "level").map(l -> l.equals("warn") ? "warning" : l)
                .filter(LEVELS::contains);
        if (exceptions.isEmpty()) {
            // A captured message: Open Sentry's shape needs an exception, so the message stands in for it.
            ObjectNode ex = detail.putObject("exception");
            message.ifPresent(m -> ex.put("value", m));
        }
        breadcrumbs(event, detail);
        Nodes.tags(event).ifPresent(t -> detail.set("tags", t));
        user(event).ifPresent(u -> detail.set("user", u));
        Nodes.copy(event, detail, "contexts", "fingerprint", "platform", "logger", "transaction", "server_name",
                "extra", "request", "sdk", "dist");
        Optional<String> eventId = Nodes.text(event, "event_id").or(() -> envelopeEventId);
        eventId.ifPresent(id -> detail.put("eventId", id));
        return new ErrorItem(type, value, message, level, frames, Nodes.text(event, "environment"),
                Nodes.text(event, "release"), Nodes.isoTimestamp(event.get("timestamp")), eventId, detail.toString(),
                fingerprint(event));
    }

    /** {@code logentry.formatted}, else {@code logentry.message}, else {@code message} (text or object). */
    static Optional<String> message(JsonNode event) {
        for (String field : List.of("logentry", "message")) {
            JsonNode v = event.get(field);
            if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
                return Optional.of(v.textValue());
            }
            if (v instanceof ObjectNode o) {
                Optional<String> m = Nodes.text(o, "formatted").or(() -> Nodes.text(o, "message"));
                if (m.isPresent()) {
                    return m;
                }
            }
        }
        return Optional.empty();
    }

    private static List<Frame> frames(JsonNode exception, ArrayNode out) {
        List<JsonNode> raw = Nodes.object(exception, "stacktrace").map(s -> Nodes.values(s, "frames"))
                .orElse(List.of()).stream().filter(JsonNode::isObject).toList();
        List<Frame> frames = new ArrayList<>();
        for (int i = raw.size() - 1; i >= 0 && frames.size() < MAX_FRAMES; i--) {
            JsonNode f = raw.get(i);
            Optional<String> filename = Nodes.text(f, "filename").or(() -> Nodes.text(f, "abs_path"));
            Optional<String> function = Nodes.text(f, "function");
            Optional<String> module = Nodes.text(f, "module");
            boolean inApp = f.path("in_app").asBoolean(false);
            frames.add(new Frame(filename, function, inApp, module));
            ObjectNode o = out.addObject();
            filename.ifPresent(v -> o.put("filename", v));
            function.ifPresent(v -> o.put("function", v));
            module.ifPresent(v -> o.put("module", v));
            Nodes.copy(f, o, "lineno", "colno");
            o.put("inApp", inApp);
            Nodes.text(f, "abs_path").ifPresent(v -> o.put("absPath", v));
            Nodes.text(f, "context_line").ifPresent(v -> o.put("contextLine", v));
            Nodes.copy(f, o, "pre_context", "post_context");
        }
        return frames;
    }

    private static void breadcrumbs(JsonNode event, ObjectNode detail) {
        List<JsonNode> crumbs = Nodes.values(event, "breadcrumbs").stream().filter(JsonNode::isObject).toList();
        if (crumbs.isEmpty()) {
            return;
        }
        ArrayNode out = detail.putArray("breadcrumbs");
        // The newest are the ones that explain the error: keep the last ones when there are too many.
        for (JsonNode c : crumbs.subList(Math.max(0, crumbs.size() - MAX_BREADCRUMBS), crumbs.size())) {
            ObjectNode o = out.addObject();
            Nodes.copy(c, o, "category", "message", "level", "type", "data");
            Nodes.isoTimestamp(c.get("timestamp")).ifPresent(t -> o.put("timestamp", t));
        }
    }

    private static Optional<ObjectNode> user(JsonNode event) {
        Optional<ObjectNode> user = Nodes.object(event, "user");
        if (user.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> e : user.get().properties()) {
            Nodes.scalar(e.getValue()).ifPresent(s -> out.put(e.getKey(), s));
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static List<String> fingerprint(JsonNode event) {
        List<String> out = new ArrayList<>();
        if (event.get("fingerprint") instanceof ArrayNode a) {
            for (JsonNode part : a) {
                Nodes.scalar(part).ifPresent(out::add);
            }
        }
        return out;
    }
}
