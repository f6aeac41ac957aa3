package dev.sluice.digest;

import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.ErasureOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AnalyticsRecords.DeletionRow;
import dev.sluice.store.AnalyticsWrites;
import dev.sluice.store.EventLocator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A data-subject erasure applied inside the commit: the person's events (by external id and every alias of
 * their profile), the profile with its properties, aliases and devices, and the compliance request recorded as
 * completed, all in the transaction that commits it. Analytics replicas follow the recorded request. On SQLite
 * the person's rows are found through {@code locator} (the replica's positions) and the unread tail above it.
 */
final class PersonErasure {

    private PersonErasure() {
    }

    static ErasureOutcome apply(AnalyticsWrites w, EventLocator locator, ProjectId project, ErasureItem item,
                                long requestedAt, long now) {
        String profileId = item.profileId().isEmpty()
                ? w.profileByExternalId(project, item.externalId()).orElse("") : item.profileId();
        Set<String> distinct = new LinkedHashSet<>();
        distinct.add(item.externalId());
        if (!profileId.isEmpty()) {
            distinct.addAll(w.aliasesOf(project, profileId));
        }
        // The rows deleted are the rows identified: one transaction holds the writer, nothing lands in between.
        long identified = w.eraseEvents(project, distinct, locator);
        w.erase(project, profileId, List.of());
        w.putDeletion(project, new DeletionRow(item.requestId(), item.externalId(), profileId,
                DeletionRow.COMPLETED, identified, requestedAt, OptionalLong.of(now), ""));
        return new ErasureOutcome(item.requestId(), profileId, identified, List.copyOf(distinct), now);
    }
}
