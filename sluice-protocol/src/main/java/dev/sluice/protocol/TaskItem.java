package dev.sluice.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Tailpoint task event from a live key: becomes a new task, or an occurrence of an existing one.
 *
 * @param keyId the id of the API key it came with (part of the idempotency identity)
 * @param source {@code sdk}, {@code api}, {@code sentry} or {@code manual}
 * @param taskDedupeKey groups occurrences onto one task (trimmed, non-empty)
 * @param idempotencyKey makes client retries return the first outcome (trimmed, non-empty)
 * @param metadataJson a JSON object, replaced wholesale on each dedupe hit that sends it
 * @param customFieldsJson a JSON array of {@code {fieldId, value}}, applied when a task is created
 * @param assigneeEmails lower-cased, de-duplicated
 */
public record TaskItem(
        String keyId,
        String source,
        String title,
        Optional<String> description,
        Optional<String> descriptionHtml,
        Optional<String> severity,
        OptionalLong priority,
        Optional<String> taskDedupeKey,
        Optional<String> idempotencyKey,
        Optional<String> metadataJson,
        Optional<Instant> occurredAt,
        Optional<String> customFieldsJson,
        List<String> assigneeEmails) implements Item {

    public TaskItem {
        assigneeEmails = List.copyOf(assigneeEmails);
    }

    /** Idempotency, not task dedupe, is what makes a retry an exact duplicate. */
    @Override
    public Optional<String> dedupeKey() {
        return idempotencyKey;
    }

    @Override
    public Optional<String> timestamp() {
        return occurredAt.map(Instant::toString);
    }

    /** The idempotency channel: {@code sdk} for the SDK, {@code api} for everything else. */
    public String channel() {
        return source.equals("sdk") ? "sdk" : "api";
    }
}
