package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalLong;

/** Rows the task digest reads and writes. */
public final class TaskRecords {

    private TaskRecords() {
    }

    /**
     * A stored intake event (idempotency record).
     *
     * @param state {@code accepted} or {@code rejected}
     */
    public record Intake(String id, String state, boolean created, OptionalLong taskId,
                         OptionalLong occurrenceCount) {
    }

    /** The identity an idempotency key is scoped to. */
    public record IntakeIdentity(ProjectId project, String channel, String sourceKey, String idempotencyKey) {
    }

    /** The dedupe row that ties a dedupe key to a task. */
    public record Dedupe(String id, long taskId, long occurrenceCount) {
    }

    /** What the digest needs to know about a task. */
    public record TaskState(long id, long statusId, String severity, long updatedAt) {
    }

    /** A task to create. */
    public record NewTask(ProjectId project, String title, Optional<String> description,
                          Optional<String> descriptionHtml, long statusId, long priority, String severity,
                          String source, String assigneesJson, Optional<String> customFieldsJson, long now) {
    }

    /** A dedupe row to create for a new task. */
    public record NewDedupe(String id, ProjectId project, String dedupeKey, long taskId, String source,
                            String severity, Optional<String> metadataJson, long seenAt) {
    }

    /** Changes to a task; empty fields stay as they are. */
    public record TaskChange(OptionalLong statusId, Optional<String> severity, OptionalLong priority,
                             Optional<String> assigneesJson) {
    }
}
