package dev.sluice.sdk;

/**
 * Batching of queued items.
 *
 * @param maxSize      items per request (clamped per protocol: Open Sentry takes at most 20, Pug 1000)
 * @param maxWaitMs    how long the first queued item may wait for companions before a send
 * @param maxQueueSize bound on queued items per family; beyond it the oldest is dropped and reported
 */
public record BatchConfig(int maxSize, long maxWaitMs, int maxQueueSize) {

    /** Checks the bounds. */
    public BatchConfig {
        if (maxSize < 1 || maxWaitMs < 0 || maxQueueSize < 1) {
            throw new IllegalArgumentException("batch: maxSize >= 1, maxWaitMs >= 0, maxQueueSize >= 1");
        }
    }

    /** 100 items, 5 s, 10,000 queued — the Pug Node SDK's defaults. */
    public static BatchConfig defaults() {
        return new BatchConfig(100, 5000, 10_000);
    }
}
