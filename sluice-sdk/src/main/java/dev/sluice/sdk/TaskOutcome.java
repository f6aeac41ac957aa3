package dev.sluice.sdk;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What became of a captured task. Never an exceptional completion: delivery failures arrive as
 * {@link Status#DROPPED} with the {@link #error()}.
 *
 * @param occurrenceCount occurrences on the task after this one (1 when created); 0 when not applicable
 * @param idempotent      true when the server answered from a stored outcome (a replay)
 */
public record TaskOutcome(Status status, OptionalLong taskId, long occurrenceCount, Optional<String> eventId,
                          boolean idempotent, Optional<SluiceError> error) {

    /** The server's {@code status}, plus DROPPED for undelivered tasks. */
    public enum Status {
        /** A new task ({@code 201}). */
        CREATED,
        /** An occurrence added to the task with the same dedupe key. */
        DEDUPED,
        /** A test key: checked, not stored. */
        VALIDATED,
        /** Not delivered; see {@link TaskOutcome#error()}. */
        DROPPED
    }

    /** The outcome of a task the SDK gave up on. */
    public static TaskOutcome dropped(SluiceError error) {
        return new TaskOutcome(Status.DROPPED, OptionalLong.empty(), 0, Optional.empty(), false, Optional.of(error));
    }
}
