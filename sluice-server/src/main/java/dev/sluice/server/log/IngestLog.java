package dev.sluice.server.log;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted batches go. The returned future completes only once the batch is durably committed (or
 * exceptionally, with {@link LogUnavailableException}, when it could not be); a 2xx is sent after that.
 * {@code cancel} on it withdraws a batch that has not been taken into a transaction yet (it is then never
 * committed) and answers false once it has been (its outcome will come); see {@link Acks}.
 */
public interface IngestLog extends AutoCloseable {

    /**
     * Queues {@code batch}.
     *
     * @param sizeBytes the request body size, counted against the queue's memory bound
     * @throws LogUnavailableException at once when the queue is full or the log is shutting down
     */
    CompletableFuture<BatchOutcome> append(IngestBatch batch, int sizeBytes);

    /**
     * Seconds a client should wait when the store is known to be unreachable right now (the writer's last
     * commit failed on it and it has not come back), so an edge can answer 503 before it spends time on
     * look-ups that would wait on the store too; empty while the store is believed up.
     */
    default java.util.OptionalInt outage() {
        return java.util.OptionalInt.empty();
    }

    /** Stops accepting, commits everything queued (waiting at most {@code deadline}), then stops. */
    void close(Duration deadline);

    @Override
    default void close() {
        close(Duration.ofSeconds(30));
    }
}
