package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.Rfc3339;
import dev.sluice.server.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Lenient reads of Sentry JSON. SDKs of many ages and languages send slightly different shapes; a field of an
 * unexpected type is treated as absent rather than failing the event (Relay normalises the same way).
 */
final class Nodes {

    private Nodes() {
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
    }

    /** Text, or a number/boolean rendered as text. */
    static Optional<String> scalar(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    static Optional<ObjectNode> object(JsonNode node, String field) {
        return node.get(field) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }

    /** An array, or Sentry's {@code {"values": [...]}} wrapper of one. */
    static List<JsonNode> values(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v instanceof ObjectNode o) {
            v = o.get("values");
        }
        List<JsonNode> out = new ArrayList<>();
        if (v instanceof ArrayNode a) {
            a.forEach(out::add);
        }
        return out;
    }

    /** Seconds since the epoch from a number or an RFC 3339 string. */
    static OptionalDouble seconds(JsonNode v) {
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (v.isNumber()) {
            return OptionalDouble.of(v.doubleValue());
        }
        if (v.isTextual()) {
            try {
                Instant i = Rfc3339.parse(v.textValue());
                return OptionalDouble.of(i.getEpochSecond() + i.getNano() / 1e9);
            } catch (RuntimeException e) {
                try {
                    return OptionalDouble.of(Double.parseDouble(v.textValue()));
                } catch (NumberFormatException notANumber) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** An ISO-8601 instant for a Sentry timestamp (number or string), for the canonical items. */
    static Optional<String> isoTimestamp(JsonNode v) {
        OptionalDouble s = seconds(v);
        if (s.isEmpty() || !Double.isFinite(s.getAsDouble()) || Math.abs(s.getAsDouble()) > 1e11) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Math.round(s.getAsDouble() * 1000)).toString());
    }

    /** Tags as an object of strings, from Sentry's object form or its {@code [[k, v], …]} form. */
    static Optional<ObjectNode> tags(JsonNode event) {
        JsonNode v = event.get("tags");
        ObjectNode out = Json.object();
        if (v instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                scalar(e.getValue()).ifPresent(s -> out.put(e.getKey(), s));
            }
        } else if (v instanceof ArrayNode a) {
            for (JsonNode pair : a) {
                if (pair instanceof ArrayNode p && p.size() == 2 && p.get(0).isTextual()) {
                    scalar(p.get(1)).ifPresent(s -> out.put(p.get(0).textValue(), s));
                }
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v);
            }
        }
    }
}
