package dev.sluice.sdk.internal;

import dev.sluice.sdk.LineageChild;
import dev.sluice.sdk.QueueSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Queued TraceStax items. */
public sealed interface JobItem {

    /** A lifecycle event of one job run. */
    record TaskEvent(String status, String name, String id, String queue, int attempt, long durationMs,
                     Throwable error, Optional<String> parentId, Optional<String> chainId, Instant timestamp)
            implements JobItem {}

    /** Queue depths at one moment. */
    record Snapshot(List<QueueSnapshot> queues, Instant timestamp) implements JobItem {}

    /** Parent → children links. */
    record Lineage(String parentId, String chainId, List<LineageChild> children) implements JobItem {}

    /** The answer to a {@code thread_dump} command. */
    record Dump(String commandId, String text, Instant capturedAt) implements JobItem {}
}
