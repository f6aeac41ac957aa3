package dev.sluice.digest;

import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.AnalyticsValue;
import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.IdentifyItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.AnalyticsRecords.KeyCount;
import dev.sluice.store.AnalyticsRecords.KindCount;
import dev.sluice.store.AnalyticsWrites;
import dev.sluice.store.EventLocator;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Product analytics (Pug): events are stored once per event id (SDK retries and redeliveries become
 * duplicates, across restarts too, because the id is the stored key) and counted into the filter schema;
 * identifies create or update profiles, shallow-merge traits, fold anonymous visitors in and attach devices;
 * erasures remove a person (see {@link PersonErasure}), each in order after the events committed before it
 * ({@link BatchApplier} applies a batch holding one on its own, after the batches queued before it).
 */
final class AnalyticsDigest implements FamilyDigest {

    private final Clock clock;
    private final Ids ids;
    private final EventLocator locator;

    AnalyticsDigest(Clock clock, Ids ids, EventLocator locator) {
        this.clock = clock;
        this.ids = ids;
        this.locator = locator;
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        lockIdentities(tx, batches);
        AnalyticsWrites writes = null;
        // Events first, per project, aggregated by id: the same id twice in one statement differs per engine.
        Map<ProjectId, Map<String, EventRow>> rows = new LinkedHashMap<>();
        Map<ProjectId, Map<String, AnalyticsEventItem>> items = new HashMap<>();
        for (IngestBatch batch : batches) {
            for (Item item : batch.items()) {
                if (item instanceof AnalyticsEventItem e) {
                    rows.computeIfAbsent(batch.project(), p -> new LinkedHashMap<>()).putIfAbsent(e.eventId(),
                            new EventRow(e.eventId(), e.distinctId(), e.kind(), e.occurredAtMillis(), e.sessionId(),
                                    e.cookieless(), AnalyticsJson.object(e.autoProperties()),
                                    AnalyticsJson.object(e.customProperties()), batch.receivedAt().toEpochMilli()));
                    items.computeIfAbsent(batch.project(), p -> new HashMap<>()).putIfAbsent(e.eventId(), e);
                }
            }
        }
        Map<ProjectId, Set<String>> fresh = new HashMap<>();
        for (Map.Entry<ProjectId, Map<String, EventRow>> project : rows.entrySet()) {
            writes = writes == null ? tx.analytics() : writes;
            Set<String> inserted = new java.util.HashSet<>(writes.insertEvents(project.getKey(),
                    List.copyOf(project.getValue().values())));
            count(writes, project.getKey(), inserted.stream().map(items.get(project.getKey())::get).toList());
            fresh.put(project.getKey(), inserted);
        }
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            for (int i = 0; i < batch.items().size(); i++) {
                switch (batch.items().get(i)) {
                    case AnalyticsEventItem e -> outcomes[b][i] = fresh.get(batch.project()).remove(e.eventId())
                            ? ItemOutcome.STORED : ItemOutcome.DUPLICATE;
                    case ErasureItem erasure -> {
                        writes = writes == null ? tx.analytics() : writes;
                        outcomes[b][i] = PersonErasure.apply(writes, locator, batch.project(), erasure,
                                batch.receivedAt().toEpochMilli(), clock.millis());
                    }
                    case IdentifyItem identify -> {
                        writes = writes == null ? tx.analytics() : writes;
                        identify(writes, batch.project(), identify);
                        outcomes[b][i] = ItemOutcome.STORED;
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private static void count(AnalyticsWrites writes, ProjectId project, List<AnalyticsEventItem> stored) {
        Map<String, long[]> kinds = new LinkedHashMap<>();
        Map<List<String>, long[]> keys = new LinkedHashMap<>();
        for (AnalyticsEventItem e : stored) {
            bump(kinds.computeIfAbsent(e.kind(), k -> new long[] {0, Long.MIN_VALUE}), e.occurredAtMillis());
            countKeys(keys, e, "auto", e.autoProperties());
            countKeys(keys, e, "custom", e.customProperties());
        }
        writes.countKinds(project, kinds.entrySet().stream()
                .map(k -> new KindCount(k.getKey(), k.getValue()[0], k.getValue()[1])).toList());
        writes.countPropertyKeys(project, keys.entrySet().stream().map(k -> new KeyCount(k.getKey().get(0),
                k.getKey().get(1), k.getKey().get(2), (int) k.getValue()[2], k.getValue()[0], k.getValue()[1]))
                .toList());
    }

    private static void countKeys(Map<List<String>, long[]> keys, AnalyticsEventItem e, String source,
                                  Map<String, AnalyticsValue> properties) {
        properties.forEach((name, value) -> bump(keys.computeIfAbsent(List.of(e.kind(), source, name),
                k -> new long[] {0, Long.MIN_VALUE, AnalyticsJson.valueType(value)}), e.occurredAtMillis()));
    }

    private static void bump(long[] counter, long seenAt) {
        counter[0]++;
        counter[1] = Math.max(counter[1], seenAt);
    }

    /**
     * Every distinct id an identify or erasure of this group decides on (its external id, its anonymous id) is locked
     * before anything is read, in one call: another node identifying or merging the same people waits for
     * this commit and then sees its profiles, so the result equals some one-at-a-time order.
     */
    private static void lockIdentities(WriteTx tx, List<IngestBatch> batches) {
        Set<String> keys = new java.util.HashSet<>();
        for (IngestBatch batch : batches) {
            for (Item item : batch.items()) {
                if (item instanceof ErasureItem erasure) {
                    keys.add("person\0" + batch.project().value() + "\0" + erasure.externalId());
                } else if (item instanceof IdentifyItem identify) {
                    keys.add("person\0" + batch.project().value() + "\0" + identify.externalId());
                    if (!identify.anonymousId().isEmpty()) {
                        keys.add("person\0" + batch.project().value() + "\0" + identify.anonymousId());
                    }
                }
            }
        }
        if (!keys.isEmpty()) {
            tx.lock(keys);
        }
    }

    /**
     * Creates or updates the profile of the external id, then settles the anonymous id as PostHog does: an
     * anonymous visitor (its own profile, or an id no one has claimed) is folded into this person; an anonymous
     * id already merged into another identified person stays theirs, and neither person is merged.
     */
    private void identify(AnalyticsWrites writes, ProjectId project, IdentifyItem item) {
        long now = clock.millis();
        Optional<String> existing = writes.profileByExternalId(project, item.externalId());
        String profileId = existing.orElseGet(() -> newProfileId());
        if (existing.isEmpty()) {
            writes.insertProfile(project, profileId, item.externalId(), now);
        }
        writes.putAlias(project, item.externalId(), profileId, now);
        if (!item.anonymousId().isEmpty() && !item.anonymousId().equals(item.externalId())) {
            Optional<String> anonymousProfile = writes.profileByExternalId(project, item.anonymousId());
            Optional<String> owner = writes.aliasOf(project, item.anonymousId());
            if (anonymousProfile.isPresent() && !anonymousProfile.get().equals(profileId)) {
                // The visitor's own profile: its properties fill gaps (this profile's values win), its aliases
                // and devices move, and it is soft-deleted.
                Map<String, String> merged = new LinkedHashMap<>(writes.properties(project, anonymousProfile.get()));
                merged.putAll(writes.properties(project, profileId));
                writes.putProperties(project, profileId, merged);
                writes.moveProfile(project, anonymousProfile.get(), profileId);
                writes.softDeleteProfile(project, anonymousProfile.get(), now);
                writes.putAlias(project, item.anonymousId(), profileId, now);
            } else if (owner.isEmpty()) {
                writes.putAlias(project, item.anonymousId(), profileId, now);
            }
        }
        writes.putProperties(project, profileId, item.traits());
        if (!item.deviceId().isEmpty()) {
            writes.putDevice(project, item.deviceId(), profileId, now);
        }
        writes.touchProfile(project, profileId, now);
    }

    /** Pug profile ids are at most 20 characters: the time-ordered head of a UUIDv7 (ms, version, sequence). */
    private String newProfileId() {
        return ids.next().replace("-", "").substring(0, 20);
    }
}
