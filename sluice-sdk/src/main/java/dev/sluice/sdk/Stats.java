package dev.sluice.sdk;

import java.util.Map;

/**
 * Counters since the client was built, per family. {@code accepted = delivered + dropped-after-accept +
 * queued/in flight}; items refused at the call ({@link DropReason#INVALID}, {@link DropReason#CLOSED},
 * {@link DropReason#NOT_CONFIGURED}) are counted in {@code dropped} but were never accepted.
 */
public record Stats(Map<Family, FamilyStats> families) {

    /**
     * @param accepted  items that entered the queue
     * @param delivered items the server acknowledged
     * @param dropped   per reason
     * @param queued    waiting or in flight now
     * @param breaker   circuit state: {@code closed}, {@code open} or {@code half_open}
     */
    public record FamilyStats(long accepted, long delivered, Map<DropReason, Long> dropped, long queued,
                              String breaker) {
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public FamilyStats of(Family f) {
        return families.get(f);
    }

    public long droppedTotal() {
        return families.values().stream().mapToLong(FamilyStats::droppedTotal).sum();
    }
}
