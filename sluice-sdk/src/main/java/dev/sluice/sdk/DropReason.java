package dev.sluice.sdk;

/** Why items were not delivered. Every drop has exactly one reason and is counted in {@link Stats}. */
public enum DropReason {
    /** The bounded queue was full; the oldest queued item made room for the new one. */
    QUEUE_FULL,
    /** The item failed client-side validation (bad kind, missing required field, …). */
    INVALID,
    /** The server refused it permanently (400/401/402/403/404/409/… — retrying cannot help). */
    REJECTED,
    /** The server said 413, or the item alone exceeds the protocol's body limit. */
    TOO_LARGE,
    /** Retryable failures continued past the attempt or total-time cap. */
    RETRIES_EXHAUSTED,
    /** Captured after {@code close()} began. */
    CLOSED,
    /** Still queued or in flight when the {@code close()} deadline passed. */
    UNDELIVERED_AT_CLOSE,
    /** The protocol for this call has no credentials configured. */
    NOT_CONFIGURED,
    /** Left out by client-side sampling ({@code sampleRate}, {@code tracesSampleRate}): counted, never reported. */
    SAMPLED,
    /** A bug in the SDK (an encoding failure, say); reported rather than thrown. */
    INTERNAL
}
