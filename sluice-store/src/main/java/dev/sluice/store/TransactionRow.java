package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.Span;
import java.util.List;
import java.util.Optional;

/**
 * One stored transaction with its spans; {@code spanId} and {@code parentSpanId} as in
 * {@link dev.sluice.protocol.TransactionItem} (a parent: a fragment waiting for, or joining, its trace's root).
 */
public record TransactionRow(String id, ProjectId project, String name, String traceId, double durationMs,
                             String status, Optional<String> environment, Optional<String> release,
                             long receivedAt, long occurredAt, Optional<String> timestampRaw, List<Span> spans,
                             Optional<String> spanId, Optional<String> parentSpanId) {

    public TransactionRow {
        spans = List.copyOf(spans);
    }

    /** A transaction without span identity. */
    public TransactionRow(String id, ProjectId project, String name, String traceId, double durationMs,
                          String status, Optional<String> environment, Optional<String> release, long receivedAt,
                          long occurredAt, Optional<String> timestampRaw, List<Span> spans) {
        this(id, project, name, traceId, durationMs, status, environment, release, receivedAt, occurredAt,
                timestampRaw, spans, Optional.empty(), Optional.empty());
    }

    /** Whether this is a fragment of a trace rather than a transaction of its own. */
    public boolean fragment() {
        return parentSpanId.isPresent();
    }
}
