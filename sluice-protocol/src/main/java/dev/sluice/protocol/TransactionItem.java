package dev.sluice.protocol;

import java.util.List;
import java.util.Optional;

/** A performance transaction with its spans. */
public record TransactionItem(
        String name,
        String traceId,
        double durationMs,
        String status,
        List<Span> spans,
        Optional<String> environment,
        Optional<String> release,
        Optional<String> timestamp,
        Optional<String> dedupeKey) implements Item {

    public TransactionItem {
        spans = List.copyOf(spans);
    }
}
