package dev.sluice.server.log;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every ingest handler does before it may answer 2xx: append, then wait for the durable commit. */
public final class Acks {

    /** How long a request waits for its commit unless its protocol needs an answer sooner. */
    public static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

    private Acks() {
    }

    /**
     * Appends {@code batch} and waits for its commit, at most {@link #COMMIT_WAIT} while it is still queued.
     *
     * @throws LogUnavailableException when the log refused it, the commit failed or took too long; the
     *     client should retry after {@link LogUnavailableException#retryAfterSeconds()}
     */
    public static BatchOutcome commit(IngestLog log, IngestBatch batch, int sizeBytes) {
        return commit(log, batch, sizeBytes, COMMIT_WAIT);
    }

    /**
     * As {@link #commit(IngestLog, IngestBatch, int)}, waiting at most {@code wait} for the writer to take the
     * request. A request still queued then is withdrawn (never committed later) and answered as unavailable;
     * one the writer already holds is waited for to the end, because its outcome is about to be decided and
     * the client must hear it.
     */
    public static BatchOutcome commit(IngestLog log, IngestBatch batch, int sizeBytes, Duration wait) {
        CompletableFuture<BatchOutcome> pending = log.append(batch, sizeBytes);
        try {
            try {
                return pending.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (pending.cancel(false)) {
                    throw new LogUnavailableException("commit timed out", 1);
                }
                return pending.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogUnavailableException u) {
                throw u;
            }
            throw new LogUnavailableException("commit failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Leave nothing behind that could commit after this client was told it failed.
            if (!pending.cancel(false)) {
                try {
                    return pending.join();
                } catch (java.util.concurrent.CompletionException c) {
                    throw c.getCause() instanceof LogUnavailableException u ? u
                            : new LogUnavailableException("commit failed", c.getCause());
                }
            }
            throw new LogUnavailableException("interrupted", 1);
        }
    }
}
