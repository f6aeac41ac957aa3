package dev.sluice.server.opensentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.Json;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed access to one JSON object with the schema's rules: a present field of the wrong type (including
 * {@code null} where a string is expected) is an error; an absent field is empty.
 */
final class Fields {

    private final ObjectNode node;
    private final String where;

    Fields(JsonNode node, String where) throws InvalidPayload {
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidPayload(where + " must be an object");
        }
        this.node = object;
        this.where = where;
    }

    ObjectNode node() {
        return node;
    }

    boolean has(String name) {
        return node.has(name);
    }

    Optional<String> string(String name) throws InvalidPayload {
        JsonNode v = node.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new InvalidPayload(where + "." + name + " must be a string");
        }
        return Optional.of(v.textValue());
    }

    String requiredString(String name) throws InvalidPayload {
        return string(name).orElseThrow(() -> new InvalidPayload(where + "." + name + " is required"));
    }

    String nonEmptyString(String name) throws InvalidPayload {
        String s = requiredString(name);
        if (s.isEmpty()) {
            throw new InvalidPayload(where + "." + name + " must not be empty");
        }
        return s;
    }

    Optional<String> oneOf(String name, Set<String> allowed) throws InvalidPayload {
        Optional<String> s = string(name);
        if (s.isPresent() && !allowed.contains(s.get())) {
            throw new InvalidPayload(where + "." + name + " must be one of " + allowed);
        }
        return s;
    }

    OptionalDouble number(String name) throws InvalidPayload {
        JsonNode v = node.get(name);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw new InvalidPayload(where + "." + name + " must be a number");
        }
        return OptionalDouble.of(v.doubleValue());
    }

    double requiredNumber(String name) throws InvalidPayload {
        OptionalDouble d = number(name);
        if (d.isEmpty()) {
            throw new InvalidPayload(where + "." + name + " is required");
        }
        return d.getAsDouble();
    }

    OptionalDouble nonNegative(String name) throws InvalidPayload {
        OptionalDouble d = number(name);
        if (d.isPresent() && !(d.getAsDouble() >= 0)) {
            throw new InvalidPayload(where + "." + name + " must be >= 0");
        }
        return d;
    }

    /** An integer ≥ 0: {@code 3} and {@code 3.0} pass (JSON cannot tell them apart), {@code 3.5} does not. */
    OptionalLong count(String name) throws InvalidPayload {
        JsonNode v = node.get(name);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.isNumber()) {
            throw new InvalidPayload(where + "." + name + " must be an integer");
        }
        if (v.canConvertToExactIntegral() && v.canConvertToLong() && v.longValue() >= 0) {
            return OptionalLong.of(v.longValue());
        }
        throw new InvalidPayload(where + "." + name + " must be an integer >= 0");
    }

    Optional<Boolean> bool(String name) throws InvalidPayload {
        JsonNode v = node.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new InvalidPayload(where + "." + name + " must be a boolean");
        }
        return Optional.of(v.booleanValue());
    }

    Optional<ArrayNode> array(String name, int max) throws InvalidPayload {
        JsonNode v = node.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof ArrayNode a)) {
            throw new InvalidPayload(where + "." + name + " must be an array");
        }
        if (a.size() > max) {
            throw new InvalidPayload(where + "." + name + " has more than " + max + " entries");
        }
        return Optional.of(a);
    }

    /** An object of any JSON values (a record, not an array). */
    Optional<ObjectNode> anyObject(String name) throws InvalidPayload {
        JsonNode v = node.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof ObjectNode o)) {
            throw new InvalidPayload(where + "." + name + " must be an object");
        }
        return Optional.of(o);
    }

    /**
     * An object of string values. Numbers and booleans are turned into strings (plain-JavaScript callers
     * send them; the SDK ignores responses, so refusing them would lose data silently); anything else fails.
     */
    Optional<ObjectNode> stringMap(String name) throws InvalidPayload {
        Optional<ObjectNode> o = anyObject(name);
        if (o.isEmpty()) {
            return o;
        }
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> e : o.get().properties()) {
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                out.put(e.getKey(), v.textValue());
            } else if (v.isNumber() || v.isBoolean()) {
                out.put(e.getKey(), v.asText());
            } else {
                throw new InvalidPayload(where + "." + name + "." + e.getKey() + " must be a string");
            }
        }
        return Optional.of(out);
    }

    /** Copies the named fields that are present into {@code target}. */
    void copy(ObjectNode target, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null) {
                target.set(name, v);
            }
        }
    }
}
