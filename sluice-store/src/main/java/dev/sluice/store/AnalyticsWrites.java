package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AnalyticsRecords.DeletionRow;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.AnalyticsRecords.KeyCount;
import dev.sluice.store.AnalyticsRecords.KindCount;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Product-analytics (Pug) operations inside one write transaction; each sees the effects of the ones before
 * it. Callers pass each key at most once per call.
 */
public interface AnalyticsWrites {

    /** Inserts the events whose id is not stored yet; answers the ids that were new. */
    Set<String> insertEvents(ProjectId project, List<EventRow> rows);

    void countKinds(ProjectId project, List<KindCount> counts);

    void countPropertyKeys(ProjectId project, List<KeyCount> counts);

    /** The live (not soft-deleted) profile with this external id. */
    Optional<String> profileByExternalId(ProjectId project, String externalId);

    /** The profile a distinct id belongs to, if any. */
    Optional<String> aliasOf(ProjectId project, String distinctId);

    void insertProfile(ProjectId project, String id, String externalId, long now);

    void touchProfile(ProjectId project, String id, long now);

    /** Upserts top-level properties (name → JSON text); incoming values win. */
    void putProperties(ProjectId project, String profileId, Map<String, String> properties);

    /** The stored top-level properties of a profile. */
    Map<String, String> properties(ProjectId project, String profileId);

    void softDeleteProfile(ProjectId project, String id, long now);

    /** Points {@code distinctId} at {@code profileId} (replacing an earlier alias). */
    void putAlias(ProjectId project, String distinctId, String profileId, long now);

    /** Moves every alias and device of {@code from} to {@code to} (a merge). */
    void moveProfile(ProjectId project, String from, String to);

    void putDevice(ProjectId project, String deviceId, String profileId, long now);

    /** Every distinct id aliased to the profile. */
    List<String> aliasesOf(ProjectId project, String profileId);

    /** Counts the events of these distinct ids. */
    long countEvents(ProjectId project, Collection<String> distinctIds);

    /**
     * Hard-erases a person: their events, and (when {@code profileId} is non-empty) the profile row, its
     * properties, aliases and devices. Answers the number of events removed.
     */
    long erase(ProjectId project, String profileId, Collection<String> distinctIds);

    /**
     * Hard-erases the events of these distinct ids and answers how many went. On SQLite (no person index)
     * {@code locator} names the rows up to its mark and only the rows above it are scanned; PostgreSQL uses its
     * index and ignores it.
     */
    long eraseEvents(ProjectId project, Collection<String> distinctIds, EventLocator locator);

    void putDeletion(ProjectId project, DeletionRow row);
}
