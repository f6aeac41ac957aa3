package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.store.IssueStatusChange;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a status change: {@code status} and optional {@code statusDetails} with Sentry's names —
 * {@code inNextRelease} (+ our {@code inRelease} to name it), {@code ignoreDuration} (minutes),
 * {@code ignoreUntil} (ISO instant), {@code ignoreCount}, {@code ignoreUserCount}. Unknown names are refused.
 */
final class StatusBody {

    private static final Set<String> DETAILS = Set.of("inNextRelease", "inRelease", "ignoreDuration", "ignoreUntil",
            "ignoreCount", "ignoreUserCount");

    private StatusBody() {
    }

    static IssueStatusChange parse(ObjectNode body, Clock clock, Set<String> otherFields) {
        for (String name : (Iterable<String>) body::fieldNames) {
            if (!name.equals("status") && !name.equals("statusDetails") && !otherFields.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
        String status = body.path("status").asText("");
        JsonNode details = body.path("statusDetails");
        if (!details.isMissingNode() && !details.isObject()) {
            throw new IllegalArgumentException("statusDetails must be an object");
        }
        for (String name : (Iterable<String>) details::fieldNames) {
            if (!DETAILS.contains(name)) {
                throw new IllegalArgumentException("unknown statusDetails field '" + name + "'");
            }
        }
        return switch (status) {
            case "unresolved" -> only(details, Set.of(), IssueStatusChange.unresolved());
            case "resolved" -> {
                boolean next = details.path("inNextRelease").asBoolean(false) || details.has("inRelease");
                Optional<String> release = details.has("inRelease")
                        ? Optional.of(details.get("inRelease").asText()) : Optional.empty();
                yield only(details, Set.of("inNextRelease", "inRelease"),
                        next ? IssueStatusChange.resolvedInNextRelease(release) : IssueStatusChange.resolved());
            }
            case "ignored" -> {
                OptionalLong until = OptionalLong.empty();
                if (details.has("ignoreDuration")) {
                    until = OptionalLong.of(clock.millis() + positive(details, "ignoreDuration") * 60_000L);
                } else if (details.has("ignoreUntil")) {
                    until = OptionalLong.of(instant(details.get("ignoreUntil").asText()));
                }
                OptionalLong count = details.has("ignoreCount")
                        ? OptionalLong.of(positive(details, "ignoreCount")) : OptionalLong.empty();
                OptionalLong users = details.has("ignoreUserCount")
                        ? OptionalLong.of(positive(details, "ignoreUserCount")) : OptionalLong.empty();
                yield only(details, Set.of("ignoreDuration", "ignoreUntil", "ignoreCount", "ignoreUserCount"),
                        IssueStatusChange.ignored(until, count, users));
            }
            default -> throw new IllegalArgumentException("status must be one of unresolved, resolved, ignored");
        };
    }

    private static IssueStatusChange only(JsonNode details, Set<String> allowed, IssueStatusChange change) {
        for (String name : (Iterable<String>) details::fieldNames) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("statusDetails." + name + " does not apply to status "
                        + change.status());
            }
        }
        return change;
    }

    private static long positive(JsonNode details, String name) {
        JsonNode n = details.get(name);
        if (!n.canConvertToExactIntegral() || n.asLong() <= 0 || n.asLong() > 1_000_000_000L) {
            throw new IllegalArgumentException("statusDetails." + name + " must be a positive integer");
        }
        return n.asLong();
    }

    private static long instant(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("statusDetails.ignoreUntil must be an ISO-8601 instant");
        }
    }
}
