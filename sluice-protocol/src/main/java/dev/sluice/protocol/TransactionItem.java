package dev.sluice.protocol;

import java.util.List;
import java.util.Optional;

/**
 * A performance transaction with its spans. {@code spanId} is its root span's id when the protocol has one
 * (OTLP); a transaction with a {@code parentSpanId} is a <em>fragment</em>: spans of a trace whose root span
 * (or the span above them) comes in another request — as OTel's {@code SimpleSpanProcessor} exports one span
 * per request — listed with their head span included; the digest joins it to the transaction holding that
 * parent, whichever arrives first.
 */
public record TransactionItem(
        String name,
        String traceId,
        double durationMs,
        String status,
        List<Span> spans,
        Optional<String> environment,
        Optional<String> release,
        Optional<String> timestamp,
        Optional<String> dedupeKey,
        Optional<String> spanId,
        Optional<String> parentSpanId) implements Item {

    public TransactionItem {
        spans = List.copyOf(spans);
    }

    /** A transaction without span identity (Sentry SDKs, the native protocol): never joined. */
    public TransactionItem(String name, String traceId, double durationMs, String status, List<Span> spans,
                           Optional<String> environment, Optional<String> release, Optional<String> timestamp,
                           Optional<String> dedupeKey) {
        this(name, traceId, durationMs, status, spans, environment, release, timestamp, dedupeKey, Optional.empty(),
                Optional.empty());
    }
}
