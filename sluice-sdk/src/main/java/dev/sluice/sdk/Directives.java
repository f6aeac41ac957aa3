package dev.sluice.sdk;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a TraceStax heartbeat answered. The SDK obeys it itself: {@code pauseIngest} pauses job-event sending
 * until {@code pauseUntilMs} (now + 60 s when absent), and {@code thread_dump} commands are answered with a
 * thread dump.
 */
public record Directives(boolean pauseIngest, OptionalLong pauseUntilMs, List<String> threadDumpCommandIds) {

    /** No pause and no commands (also what a failed heartbeat yields). */
    public static Directives none() {
        return new Directives(false, OptionalLong.empty(), List.of());
    }
}
