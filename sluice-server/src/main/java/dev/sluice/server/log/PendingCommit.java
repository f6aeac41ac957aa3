package dev.sluice.server.log;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One queued request and the answer its client waits for. Exactly one of two parties decides its fate: the
 * writer {@linkplain #take() takes} it into a transaction, or the waiting client gives up and
 * {@linkplain #cancel cancels} it first. A cancelled request is never committed (the writer skips it); a
 * taken one can no longer be cancelled, so the client waits for its real outcome. Without this hand-over a
 * client could be told 503 for a request that commits a moment later.
 */
final class PendingCommit extends CompletableFuture<BatchOutcome> {

    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int CANCELLED = 2;

    private final IngestBatch batch;
    private final int sizeBytes;
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    PendingCommit(IngestBatch batch, int sizeBytes) {
        this.batch = batch;
        this.sizeBytes = sizeBytes;
    }

    IngestBatch batch() {
        return batch;
    }

    int sizeBytes() {
        return sizeBytes;
    }

    /** The writer claims this request; false when its client already gave up. */
    boolean take() {
        return state.compareAndSet(QUEUED, TAKEN);
    }

    /**
     * Withdraws the request if the writer has not taken it yet. Answers false once it is taken: the outcome
     * will come, and the caller must wait for it.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return state.compareAndSet(QUEUED, CANCELLED) && super.cancel(false);
    }

    /** Fails a request that is still queued (shutdown, outage), as if the writer had taken it and failed. */
    boolean failIfQueued(LogUnavailableException why) {
        return take() && completeExceptionally(why);
    }
}
