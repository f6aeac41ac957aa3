package dev.sluice.sdk.internal;

import dev.sluice.sdk.Breadcrumb;
import dev.sluice.sdk.Generation;
import dev.sluice.sdk.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Queued Open Sentry items: references and immutable scope snapshots only, so capture stays O(1). */
public sealed interface SentryItem {

    /** An exception (or, with {@code error == null}, a message). */
    record Error(Throwable error, String message, Level level, List<Breadcrumb> breadcrumbs,
                 Map<String, String> tags, Map<String, String> user, Instant timestamp) implements SentryItem {}

    /** A finished transaction. */
    record Transaction(String name, String traceId, long durationMs, String status, List<Span> spans,
                       Map<String, String> tags, Instant timestamp) implements SentryItem {}

    /** A finished span. */
    record Span(String spanId, String op, String description, long durationMs, String parentSpanId) {}

    /** An LLM call. */
    record Gen(Generation generation, Map<String, String> tags, Map<String, String> user, Instant timestamp)
            implements SentryItem {}
}
