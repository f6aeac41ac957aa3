package dev.sluice.protocol;

import java.util.List;
import java.util.Optional;

/**
 * An error or message occurrence.
 *
 * @param exceptionType the exception class name (or the level, for messages)
 * @param exceptionValue the exception message
 * @param message the top-level fallback message
 * @param level the explicit level when the client sent one
 * @param frames the stack frames, in the order the client sent them
 * @param detailJson the occurrence as a JSON object (exception, breadcrumbs, tags, user, ...) for display
 * @param fingerprint the client's grouping fingerprint (Sentry's {@code fingerprint}; {@code {{ default }}}
 *     stands for the server's own grouping); empty when the client sent none
 */
public record ErrorItem(
        Optional<String> exceptionType,
        Optional<String> exceptionValue,
        Optional<String> message,
        Optional<String> level,
        List<Frame> frames,
        Optional<String> environment,
        Optional<String> release,
        Optional<String> timestamp,
        Optional<String> dedupeKey,
        String detailJson,
        List<String> fingerprint) implements Item {

    public ErrorItem {
        frames = List.copyOf(frames);
        fingerprint = List.copyOf(fingerprint);
    }

    /** An occurrence without a client fingerprint. */
    public ErrorItem(Optional<String> exceptionType, Optional<String> exceptionValue, Optional<String> message,
                     Optional<String> level, List<Frame> frames, Optional<String> environment,
                     Optional<String> release, Optional<String> timestamp, Optional<String> dedupeKey,
                     String detailJson) {
        this(exceptionType, exceptionValue, message, level, frames, environment, release, timestamp, dedupeKey,
                detailJson, List.of());
    }
}
