package dev.sluice.query;

import java.util.List;
import java.util.Optional;

/**
 * A task as the API shows it.
 *
 * @param occurrenceCount occurrences over all its dedupe keys (1 for a task without a dedupe key)
 * @param dedupeKeys the dedupe keys that point at it
 */
public record TaskView(long id, String title, Optional<String> description, Optional<String> descriptionHtml,
                       long statusId, String status, long priority, String severity, String source,
                       String assigneesJson, Optional<String> customFieldsJson, long createdAt, long updatedAt,
                       long occurrenceCount, Optional<Long> firstSeen, Optional<Long> lastSeen,
                       Optional<String> metadataJson, List<String> dedupeKeys) {

    public TaskView {
        dedupeKeys = List.copyOf(dedupeKeys);
    }
}
