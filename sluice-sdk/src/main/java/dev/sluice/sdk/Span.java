package dev.sluice.sdk;

import dev.sluice.sdk.internal.Ids;
import dev.sluice.sdk.internal.SentryItem;
import java.time.Clock;

/**
 * A timed operation inside a {@link Transaction}; close it (try-with-resources) to record its duration.
 * Unlike the original SDK, a span's duration is measured when the span closes, not when the transaction does.
 */
public final class Span implements AutoCloseable {

    private final Transaction tx;
    private final String id = Ids.hex(16);
    private final String parentId;
    private final String op;
    private final String description;
    private final Clock clock;
    private final long start;
    private volatile boolean closed;

    Span(Transaction tx, String parentId, String op, String description, Clock clock) {
        this.tx = tx;
        this.parentId = parentId;
        this.op = op;
        this.description = description;
        this.clock = clock;
        this.start = clock.millis();
    }

    /** The span id (16 hex digits). */
    public String id() {
        return id;
    }

    /** A child span of this one. */
    public Span startChild(String op, String description) {
        return new Span(tx, id, op, description, clock);
    }

    /** A child span without a description. */
    public Span startChild(String op) {
        return startChild(op, null);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tx.finished(new SentryItem.Span(id, op, description, Math.max(0, clock.millis() - start), parentId));
    }
}
