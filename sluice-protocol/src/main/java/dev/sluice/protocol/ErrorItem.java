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
        String detailJson) implements Item {

    public ErrorItem {
        frames = List.copyOf(frames);
    }
}
