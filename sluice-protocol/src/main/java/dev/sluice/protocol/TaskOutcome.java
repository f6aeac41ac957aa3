package dev.sluice.protocol;

/**
 * The synchronous answer to a Tailpoint task event.
 *
 * @param created true for a new task (201), false for a dedupe hit (200)
 * @param eventId the id of the stored intake event
 * @param idempotent true when this is the stored outcome of an earlier request with the same idempotency key
 */
public record TaskOutcome(boolean created, long taskId, long occurrenceCount, String eventId, boolean idempotent)
        implements ItemOutcome {
}
