package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.Span;
import java.util.List;
import java.util.Optional;

/** One stored transaction with its spans. */
public record TransactionRow(String id, ProjectId project, String name, String traceId, double durationMs,
                             String status, Optional<String> environment, Optional<String> release,
                             long receivedAt, long occurredAt, Optional<String> timestampRaw, List<Span> spans) {

    public TransactionRow {
        spans = List.copyOf(spans);
    }
}
