package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Set;

/**
 * A project's task-ingestion settings.
 *
 * @param closedBehavior what a dedupe hit on a closed task does: {@code reopen}, {@code create_new} or
 *     {@code reopen_if_recent}
 * @param reopenWindowDays for {@code reopen_if_recent}: how recently the task must have changed
 * @param ratePerMinute Tailpoint requests per minute per key
 */
public record TaskSettings(ProjectId project, long defaultStatusId, String closedBehavior, int reopenWindowDays,
                           int ratePerMinute) {

    /** The closed-task behaviours. */
    public static final Set<String> BEHAVIORS = Set.of("reopen", "create_new", "reopen_if_recent");
}
