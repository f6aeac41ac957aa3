package dev.sluice.server.tracestax;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Liberal field readers (spec §6): absent and {@code null} mean "not sent", numbers are accepted where ids
 * are expected and numeric strings where numbers are, unknown fields are ignored. A value of an unusable
 * type is a schema error. Identifiers are capped so every unique index stays within PostgreSQL's key size.
 */
final class Fields {

    /** Longest id/key (task id, worker key, queue, chain/parent ids), in UTF-16 units. */
    static final int MAX_ID = 256;
    /** Longest descriptive text (task names, frameworks, …); longer is cut, not refused. */
    static final int MAX_NAME = 512;

    private Fields() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** A string, or a number rendered as text (ids and pids arrive as either). */
    static Optional<String> scalar(JsonNode obj, String field) throws Invalid {
        JsonNode v = obj.get(field);
        if (absent(v)) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return Optional.of(v.textValue());
        }
        if (v.isIntegralNumber()) {
            return Optional.of(v.bigIntegerValue().toString());
        }
        if (v.isNumber() || v.isBoolean()) {
            return Optional.of(v.asText());
        }
        throw Invalid.schema(field + " must be a string");
    }

    /** A present, non-blank id of at most {@link #MAX_ID} characters. */
    static String id(JsonNode obj, String field) throws Invalid {
        String v = scalar(obj, field).filter(s -> !s.isBlank())
                .orElseThrow(() -> Invalid.schema(field + " is required"));
        if (v.length() > MAX_ID) {
            throw Invalid.schema(field + " is longer than " + MAX_ID + " characters");
        }
        return v;
    }

    static Optional<String> optionalId(JsonNode obj, String field) throws Invalid {
        Optional<String> v = scalar(obj, field).filter(s -> !s.isBlank());
        if (v.isPresent() && v.get().length() > MAX_ID) {
            throw Invalid.schema(field + " is longer than " + MAX_ID + " characters");
        }
        return v;
    }

    /** Descriptive text, cut to {@link #MAX_NAME}; blank counts as absent. */
    static Optional<String> name(JsonNode obj, String field) throws Invalid {
        return scalar(obj, field).filter(s -> !s.isBlank()).map(s -> cut(s, MAX_NAME));
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** A number (or numeric string); {@code NaN} and infinities are refused. */
    static OptionalDouble number(JsonNode obj, String field) throws Invalid {
        JsonNode v = obj.get(field);
        if (absent(v)) {
            return OptionalDouble.empty();
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.textValue().trim());
            } catch (NumberFormatException e) {
                throw Invalid.schema(field + " must be a number");
            }
        } else {
            throw Invalid.schema(field + " must be a number");
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Invalid.schema(field + " must be a finite number");
        }
        return OptionalDouble.of(d);
    }

    /** A whole count, clamped to 0..Integer.MAX_VALUE (fractions are truncated). */
    static OptionalInt count(JsonNode obj, String field) throws Invalid {
        OptionalDouble d = number(obj, field);
        if (d.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.max(0, Math.min(Integer.MAX_VALUE, d.getAsDouble())));
    }

    static long longCount(JsonNode obj, String field) throws Invalid {
        OptionalDouble d = number(obj, field);
        return d.isEmpty() ? 0 : (long) Math.max(0, Math.min(Long.MAX_VALUE, d.getAsDouble()));
    }

    /** An object, or empty when absent; another type is a schema error. */
    static Optional<JsonNode> object(JsonNode obj, String field) throws Invalid {
        JsonNode v = obj.get(field);
        if (absent(v)) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw Invalid.schema(field + " must be an object");
        }
        return Optional.of(v);
    }

    /** The string elements of an array (others skipped), at most {@code max}. */
    static List<String> strings(JsonNode obj, String field, int max) throws Invalid {
        JsonNode v = obj.get(field);
        List<String> out = new ArrayList<>();
        if (absent(v)) {
            return out;
        }
        if (!v.isArray()) {
            throw Invalid.schema(field + " must be an array");
        }
        for (JsonNode e : v) {
            if (e.isTextual() && out.size() < max) {
                out.add(cut(e.textValue(), MAX_ID));
            }
        }
        return out;
    }

    static boolean flag(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v != null && (v.asBoolean(false) || "true".equals(v.asText()));
    }
}
