package dev.sluice.server.tailpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.TaskItem;
import dev.sluice.server.http.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a Tailpoint task body the way the original's DTO does (class-validator with whitelisting and
 * implicit conversion): unknown fields are dropped, scalars are converted to the declared type (a number
 * title becomes text, {@code "1"} becomes priority 1), and every violation is reported with
 * class-validator's default wording.
 */
final class TailpointParser {

    static final Set<String> SOURCES = Set.of("sdk", "api", "sentry", "manual");
    static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final Pattern ISO_8601 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?");

    private TailpointParser() {
    }

    /** A body that breaks the DTO rules; {@code details} are the violation texts. */
    static final class Invalid extends Exception {
        final List<String> details;

        Invalid(List<String> details) {
            super(String.join(", ", details), null, false, false);
            this.details = List.copyOf(details);
        }
    }

    static TaskItem parse(JsonNode root, String keyId) throws Invalid {
        ObjectNode body = root instanceof ObjectNode o ? o : Json.object();
        List<String> errors = new ArrayList<>();
        Optional<String> source = text(body, "source");
        if (source.isEmpty() || !SOURCES.contains(source.get())) {
            errors.add("source must be one of the following values: sdk, api, sentry, manual");
        }
        Optional<String> title = boundedText(body, "title", true, errors);
        Optional<String> description = boundedText(body, "description", false, errors);
        Optional<String> html = boundedText(body, "description_html", false, errors);
        Optional<String> severity = text(body, "severity");
        if (present(body, "severity") && (severity.isEmpty() || !SEVERITIES.contains(severity.get()))) {
            errors.add("severity must be one of the following values: low, medium, high, critical");
        }
        OptionalLong priority = priority(body, errors);
        Optional<String> dedupeKey = key(body, "dedupeKey", errors);
        Optional<String> idempotencyKey = key(body, "idempotencyKey", errors);
        Optional<String> metadata = Optional.empty();
        if (present(body, "metadata")) {
            if (body.get("metadata") instanceof ObjectNode m) {
                metadata = Optional.of(m.toString());
            } else {
                errors.add("metadata must be an object");
            }
        }
        Optional<Instant> occurredAt = occurredAt(body, errors);
        Optional<String> customFields = customFields(body, errors);
        List<String> assignees = assignees(body, errors);
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new TaskItem(keyId, source.orElseThrow(), title.orElseThrow(), description, html, severity, priority,
                dedupeKey, idempotencyKey, metadata, occurredAt, customFields, assignees);
    }

    /** Absent and {@code null} both mean "not given" for optional fields. */
    private static boolean present(ObjectNode body, String name) {
        JsonNode v = body.get(name);
        return v != null && !v.isNull();
    }

    /** Text, with numbers and booleans converted as the original's implicit conversion does. */
    private static Optional<String> text(ObjectNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    private static Optional<String> boundedText(ObjectNode body, String name, boolean required, List<String> errors) {
        if (!required && !present(body, name)) {
            return Optional.empty();
        }
        Optional<String> t = text(body, name);
        if (t.isEmpty()) {
            if (required) {
                errors.add(name + " must be shorter than or equal to 255 characters");
            }
            errors.add(name + " must be a string");
            return Optional.empty();
        }
        if (required && t.get().length() > 255) {
            errors.add(name + " must be shorter than or equal to 255 characters");
        }
        return t;
    }

    private static OptionalLong priority(ObjectNode body, List<String> errors) {
        if (!present(body, "priority")) {
            return OptionalLong.empty();
        }
        JsonNode v = body.get("priority");
        Long value = null;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.longValue();
        } else if (v.isNumber() && v.canConvertToExactIntegral()) {
            value = v.longValue();
        } else if (v.isTextual() && v.textValue().trim().matches("-?\\d{1,18}")) {
            value = Long.parseLong(v.textValue().trim());
        }
        if (value == null) {
            errors.add("priority must not be less than 0");
            errors.add("priority must be an integer number");
            return OptionalLong.empty();
        }
        if (value < 0) {
            errors.add("priority must not be less than 0");
        }
        return OptionalLong.of(value);
    }

    /** Dedupe and idempotency keys: ≤ 255, trimmed, and empty after trimming means none. */
    private static Optional<String> key(ObjectNode body, String name, List<String> errors) {
        if (!present(body, name)) {
            return Optional.empty();
        }
        Optional<String> t = text(body, name);
        if (t.isEmpty() || t.get().length() > 255) {
            errors.add(name + " must be shorter than or equal to 255 characters");
            if (t.isEmpty()) {
                errors.add(name + " must be a string");
            }
            return Optional.empty();
        }
        return Optional.of(t.get().trim()).filter(s -> !s.isEmpty());
    }

    /** ISO text that does not parse (a 30 February) falls back to "now", as in the original. */
    private static Optional<Instant> occurredAt(ObjectNode body, List<String> errors) {
        if (!present(body, "occurredAt")) {
            return Optional.empty();
        }
        JsonNode v = body.get("occurredAt");
        if (!v.isTextual() || !ISO_8601.matcher(v.textValue()).matches()) {
            errors.add("occurredAt must be a valid ISO 8601 date string");
            return Optional.empty();
        }
        String s = v.textValue().replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                try {
                    return Optional.of(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException e3) {
                    return Optional.empty();
                }
            }
        }
    }

    private static Optional<String> customFields(ObjectNode body, List<String> errors) {
        if (!present(body, "customFields")) {
            return Optional.empty();
        }
        if (!(body.get("customFields") instanceof ArrayNode fields)) {
            errors.add("customFields must be an array");
            return Optional.empty();
        }
        if (fields.size() > 200) {
            errors.add("customFields must contain no more than 200 elements");
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (int i = 0; i < fields.size(); i++) {
            if (!(fields.get(i) instanceof ObjectNode f)) {
                errors.add("nested property customFields must be either object or array");
                continue;
            }
            JsonNode id = f.get("fieldId");
            if (id == null || !id.isTextual()) {
                errors.add("customFields." + i + ".fieldId must be a string");
                continue;
            }
            ObjectNode k = kept.addObject().put("fieldId", id.textValue());
            k.set("value", f.has("value") ? f.get("value") : null);
        }
        return Optional.of(kept.toString());
    }

    private static List<String> assignees(ObjectNode body, List<String> errors) {
        if (!present(body, "assigneeEmails")) {
            return List.of();
        }
        if (!(body.get("assigneeEmails") instanceof ArrayNode emails)) {
            errors.add("assigneeEmails must be an array");
            return List.of();
        }
        if (emails.size() > 50) {
            errors.add("assigneeEmails must contain no more than 50 elements");
        }
        Set<String> out = new LinkedHashSet<>();
        boolean tooLong = false;
        boolean notText = false;
        for (JsonNode e : emails) {
            if (!e.isTextual()) {
                notText = true;
            } else if (e.textValue().length() > 255) {
                tooLong = true;
            } else {
                out.add(e.textValue().trim().toLowerCase(Locale.ROOT));
            }
        }
        if (tooLong || notText) {
            errors.add("each value in assigneeEmails must be shorter than or equal to 255 characters");
        }
        if (notText) {
            errors.add("each value in assigneeEmails must be a string");
        }
        return List.copyOf(out);
    }
}
