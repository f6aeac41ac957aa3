package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Map;

/**
 * What one batch adds to one transaction name's hour: counts, errors, the newest occurrence and the
 * duration histogram ({@link DurationBuckets} index → count). The digest aggregates a batch to one of these
 * per (project, name, hour) before writing, since the same key twice in one upsert differs per engine.
 *
 * @param hour the hour's start, epoch millis
 */
public record TransactionHistogram(ProjectId project, String name, long hour, long count, long errors,
                                   long lastSeen, Map<Integer, Long> buckets) {

    public TransactionHistogram {
        buckets = Map.copyOf(buckets);
    }
}
