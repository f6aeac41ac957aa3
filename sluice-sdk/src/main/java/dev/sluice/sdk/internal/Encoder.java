package dev.sluice.sdk.internal;

import dev.sluice.sdk.SluiceError;
import java.util.List;

/**
 * A protocol's half of a channel: turns queued items into one request, and learns the outcome. Runs on the
 * sender thread, so the expensive work (stack traces, JSON, protobuf, ids) stays off the caller's thread.
 */
public interface Encoder<T> {

    /** Encodes {@code items} (1..maxSize). Throwing here dead-letters the items as INTERNAL. */
    HttpCall encode(List<T> items);

    /** Wire size limit; a batch above it is split, a single item above it is dropped as TOO_LARGE. */
    default int maxBodyBytes() {
        return Integer.MAX_VALUE;
    }

    /** Called once after a 2xx. */
    default void delivered(List<T> items, HttpResult result) {}

    /** Called once when the items are given up on (before the user's ErrorHandler). */
    default void dropped(List<T> items, SluiceError error) {}

    /** A status-with-body error message worth reporting (the Connect code, say). */
    default String describe(HttpResult result) {
        String body = result.bodyText();
        return "HTTP " + result.status() + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(body.length(), 300)));
    }
}
