package dev.sluice.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A task event for Tailpoint: an incident that becomes a task, or is deduplicated onto one by
 * {@link #dedupeKey()}.
 *
 * @param title          required, at most 255 characters (longer titles are cut, not rejected)
 * @param idempotencyKey reused on every retry; generated once per capture when absent
 */
public record Task(String title, Optional<String> description, Optional<Severity> severity, OptionalInt priority,
                   Optional<String> dedupeKey, Optional<String> idempotencyKey, Map<String, Object> metadata,
                   Optional<Instant> occurredAt, List<String> assigneeEmails) {

    /** Copies {@code metadata} and {@code assigneeEmails}. */
    public Task {
        Objects.requireNonNull(title, "title");
        metadata = Map.copyOf(metadata);
        assigneeEmails = List.copyOf(assigneeEmails);
    }

    /**
     * A builder for a task titled {@code title}.
     *
     * @throws IllegalArgumentException when {@code title} is {@code null} or blank — Tailpoint refuses such a
     *                                  task, so it is refused here, where the mistake is, not after delivery
     */
    public static Builder builder(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("Task title is required: a non-blank string of at most 255 characters");
        }
        return new Builder(title);
    }

    /** Builds a {@link Task}. */
    public static final class Builder {
        private final String title;
        private String description;
        private Severity severity;
        private Integer priority;
        private String dedupeKey;
        private String idempotencyKey;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private Instant occurredAt;
        private List<String> assignees = List.of();

        private Builder(String title) {
            this.title = title;
        }

        /** Markdown description. */
        public Builder description(String v) { description = v; return this; }
        /** Severity (default: the project's). */
        public Builder severity(Severity v) { severity = v; return this; }
        /** Priority 0–4. */
        public Builder priority(int v) { priority = v; return this; }
        /** Tasks with the same key become occurrences of one task. */
        public Builder dedupeKey(String v) { dedupeKey = v; return this; }
        /** A key reused on every retry (default: generated once per capture). */
        public Builder idempotencyKey(String v) { idempotencyKey = v; return this; }
        /** Adds one metadata entry; {@code null}s are skipped. */
        public Builder metadata(String key, Object value) { if (key != null && value != null) { metadata.put(key, value); } return this; }
        /** Adds every entry of {@code values}. */
        public Builder metadata(Map<String, ?> values) { values.forEach(this::metadata); return this; }
        /** When it happened (default: when the server receives it). */
        public Builder occurredAt(Instant v) { occurredAt = v; return this; }
        /** Members to assign, by e-mail. */
        public Builder assigneeEmails(List<String> v) { assignees = v; return this; }

        /** The task. */
        public Task build() {
            return new Task(title, Optional.ofNullable(description), Optional.ofNullable(severity),
                    priority == null ? OptionalInt.empty() : OptionalInt.of(priority), Optional.ofNullable(dedupeKey),
                    Optional.ofNullable(idempotencyKey), metadata, Optional.ofNullable(occurredAt), assignees);
        }
    }
}
