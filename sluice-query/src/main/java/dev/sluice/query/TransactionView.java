package dev.sluice.query;

import java.util.List;
import java.util.Optional;

/** A stored transaction with its spans. */
public record TransactionView(String id, String name, String traceId, double durationMs, String status,
                              Optional<String> environment, Optional<String> release, long receivedAt,
                              long occurredAt, List<SpanView> spans) {

    public TransactionView {
        spans = List.copyOf(spans);
    }

    /** A span as stored. */
    public record SpanView(String spanId, String op, Optional<String> description, double durationMs,
                           Optional<String> parentSpanId) {
    }
}
