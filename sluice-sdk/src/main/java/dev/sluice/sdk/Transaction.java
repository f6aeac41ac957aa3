package dev.sluice.sdk;

import dev.sluice.sdk.internal.Ids;
import dev.sluice.sdk.internal.SentryItem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A traced operation with spans. {@link #close()} (try-with-resources) records it; spans still open at that
 * point are left out. Never throws.
 *
 * <pre>{@code
 * try (Transaction tx = sluice.errors().startTransaction("GET /orders")) {
 *     try (Span db = tx.startSpan("db.query", "select orders")) { ... }
 * }
 * }</pre>
 */
public final class Transaction implements AutoCloseable {

    /** Final status on the wire. */
    public enum Status {
        /** Succeeded. */
        OK,
        /** Failed. */
        ERROR,
        /** Abandoned before it finished. */
        CANCELLED
    }

    private final String name;
    private final String traceId = Ids.hex(32);
    private final String rootSpanId = Ids.hex(16);
    private final Clock clock;
    private final long start;
    private final Instant startedAt;
    private final Map<String, String> tags;
    private final Consumer<SentryItem.Transaction> sink;
    private final List<SentryItem.Span> spans = new ArrayList<>();
    private volatile Status status = Status.OK;
    private boolean closed;

    Transaction(String name, Clock clock, Map<String, String> tags, Consumer<SentryItem.Transaction> sink) {
        this.name = name;
        this.clock = clock;
        this.start = clock.millis();
        this.startedAt = clock.instant();
        this.tags = tags;
        this.sink = sink;
    }

    /** The trace id (32 hex digits), for linking generations and logs. */
    public String traceId() {
        return traceId;
    }

    /** Starts a child span (e.g. {@code db.query}); close it before the transaction, or it is left out. */
    public Span startSpan(String op, String description) {
        return new Span(this, rootSpanId, op, description, clock);
    }

    /** A span without a description. */
    public Span startSpan(String op) {
        return startSpan(op, null);
    }

    /** Sets the final status (default {@link Status#OK}). */
    public Transaction status(Status s) {
        status = s;
        return this;
    }

    synchronized void finished(SentryItem.Span span) {
        if (!closed && spans.size() < 1000) {
            spans.add(span);
        }
    }

    @Override
    public void close() {
        List<SentryItem.Span> done;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            done = List.copyOf(spans);
        }
        sink.accept(new SentryItem.Transaction(name, traceId, Math.max(0, clock.millis() - start),
                status.name().toLowerCase(java.util.Locale.ROOT), done, tags, startedAt));
    }
}
