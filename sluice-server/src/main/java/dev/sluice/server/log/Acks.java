package dev.sluice.server.log;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every ingest handler does before it may answer 2xx: append, then wait for the durable commit. */
public final class Acks {

    /** How long a request waits for its commit before it is answered as unavailable. */
    static final long COMMIT_WAIT_SECONDS = 60;

    private Acks() {
    }

    /**
     * Appends {@code batch} and waits for its commit.
     *
     * @throws LogUnavailableException when the log refused it, the commit failed or took too long; the
     *     client should retry after {@link LogUnavailableException#retryAfterSeconds()}
     */
    public static BatchOutcome commit(IngestLog log, IngestBatch batch, int sizeBytes) {
        try {
            return log.append(batch, sizeBytes).get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogUnavailableException u) {
                throw u;
            }
            throw new LogUnavailableException("commit failed", e.getCause());
        } catch (TimeoutException e) {
            throw new LogUnavailableException("commit timed out", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted", 1);
        }
    }
}
