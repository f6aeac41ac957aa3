package dev.sluice.sdk;

import java.util.Map;

/**
 * Counters since the client was built, per family. {@code accepted = delivered + dropped-after-accept +
 * queued/in flight}; items refused at the call ({@link DropReason#INVALID}, {@link DropReason#CLOSED},
 * {@link DropReason#NOT_CONFIGURED}) are counted in {@code dropped} but were never accepted; items left out by
 * sampling ({@link DropReason#SAMPLED}) are counted in {@code dropped} but not in {@link FamilyStats#droppedTotal()}.
 */
public record Stats(Map<Family, FamilyStats> families) {

    /**
     * The counters of one family.
     *
     * @param accepted  items that entered the queue
     * @param delivered items the server acknowledged
     * @param dropped   per reason
     * @param queued    waiting or in flight now
     * @param breaker   circuit state: {@code closed}, {@code open} or {@code half_open}
     */
    public record FamilyStats(long accepted, long delivered, Map<DropReason, Long> dropped, long queued,
                              String breaker) {
        /** Items dropped for any reason but sampling. */
        public long droppedTotal() {
            return dropped.entrySet().stream().filter(e -> e.getKey() != DropReason.SAMPLED)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** The counters of one family. */
    public FamilyStats of(Family f) {
        return families.get(f);
    }

    /** Items dropped for any reason but sampling, over every family. */
    public long droppedTotal() {
        return families.values().stream().mapToLong(FamilyStats::droppedTotal).sum();
    }
}
