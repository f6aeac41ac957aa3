package dev.sluice.server.retention;

import java.time.Duration;

/**
 * Sizes and spaces retention's write transactions by time rather than by rows. Every ingest commit waits for
 * the one write lock while a purge or reclaim transaction holds it, so what matters to ingest is how long a
 * batch takes, which depends on the row width, the indexes and the machine's load: a batch that ran over
 * {@code target} halves, one well under it grows by half, within {@code [min, max]}. After each batch the
 * purge sleeps at least as long as the batch held the lock (and at least {@code minPause}), so it never
 * takes more than half of the writer's time however slow the disk is, and queued ingest commits go first.
 */
final class Pacer {

    private final int min;
    private final int max;
    private final long targetNanos;
    private final long minPauseNanos;
    private int size;

    Pacer(int initial, int min, int max, Duration target, Duration minPause) {
        this.min = min;
        this.max = max;
        this.size = Math.clamp(initial, min, max);
        this.targetNanos = target.toNanos();
        this.minPauseNanos = minPause.toNanos();
    }

    /** The size of the next batch. */
    int size() {
        return size;
    }

    /** Records that the last batch held the write lock {@code nanos}; answers the pause to take now. */
    long done(long nanos) {
        if (nanos > targetNanos) {
            size = Math.max(min, size / 2);
        } else if (nanos < targetNanos / 2) {
            size = Math.min(max, size + Math.max(1, size / 2));
        }
        return Math.max(minPauseNanos, nanos);
    }
}
