package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.ErasureOutcome;
import dev.sluice.protocol.IdentifyItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.JobEventItem;
import dev.sluice.protocol.LineageItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.WorkerInfo;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decisions the digest takes inside the commit, in the order the batches were queued, on real stores: the
 * monthly quota of metered batches, the plan lineage needs, and data-subject erasures.
 */
class InCommitDecisionsTest {

    @TempDir
    static Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-05-10T12:00:00Z"), ZoneOffset.UTC);

    static Stream<StoreConfig> stores() {
        return Stream.of(TestDatabases.sqlite(dir.resolve("d" + System.nanoTime())), TestDatabases.postgres());
    }

    private static JobEventItem task(String id, JobEnv env) {
        return new JobEventItem(env, "generic", "java", "0.1.0",
                new WorkerInfo("h:1", "h", "1", OptionalInt.of(1), List.of()), "job", id, "default", 1,
                Optional.empty(), Optional.empty(), "started", OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty());
    }

    private static AnalyticsEventItem event(String id, String distinctId) {
        return new AnalyticsEventItem(id, distinctId, "page_view", 1_000, "s1", false, Map.of(), Map.of());
    }

    private IngestBatch metered(ProjectId p, String id, Item... items) {
        return new IngestBatch(id, p, clock.instant(), List.of(items), true);
    }

    private IngestBatch batch(ProjectId p, String id, Item... items) {
        return new IngestBatch(id, p, clock.instant(), List.of(items));
    }

    private static long count(Store store, String sql) {
        return JobDigestTest.count(store, sql);
    }

    private void quota(Store store, ProjectId p, long quota) {
        store.write(tx -> {
            tx.jobs().putSettings(p, new JobSettings("pro", quota, 500, 30, 3, false, OptionalLong.empty()), 0);
            return null;
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void meteredBatchesSpendTheQuotaInQueueOrderAndARefusedOneStoresNothing(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            quota(store, p, 3);
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            List<IngestBatch> group = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                group.add(metered(p, "m" + i, task("t" + i, JobEnv.LIVE)));
            }
            // A test-key batch in between is not metered and spends nothing.
            group.add(2, batch(p, "test", task("x", JobEnv.TEST)));
            List<BatchOutcome> out = store.write(tx -> applier.apply(tx, group));
            assertThat(out).extracting(o -> o.refused().isPresent())
                    .containsExactly(false, false, false, false, true, true);
            assertThat(out.get(4).items()).containsExactly(MonthlyQuota.REACHED);
            assertThat(count(store, "SELECT COUNT(*) FROM job_events WHERE env = 'live'")).isEqualTo(3);
            assertThat(count(store, "SELECT events FROM job_usage")).isEqualTo(3);
            // A later commit: the quota is reached, even an empty metered batch is refused; unmetered ones pass.
            List<BatchOutcome> later = store.write(tx -> applier.apply(tx, List.of(metered(p, "e"),
                    batch(p, "free", task("y", JobEnv.TEST)))));
            assertThat(later.get(0).refused()).contains(MonthlyQuota.REACHED);
            assertThat(later.get(1).refused()).isEmpty();
            assertThat(count(store, "SELECT COUNT(*) FROM job_events")).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void resentEventsDoNotSpendAndABatchIsAdmittedWhileUsageIsBelowTheQuota(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            quota(store, p, 3);
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            store.write(tx -> applier.apply(tx, List.of(metered(p, "a", task("a", JobEnv.LIVE), task("b", JobEnv.LIVE)))));
            // Usage 2 of 3: a resent batch (duplicates) is admitted and spends nothing, so the next one still fits;
            // a batch is admitted whole while usage is below the quota (the rule TraceStax documents).
            List<BatchOutcome> out = store.write(tx -> applier.apply(tx, List.of(
                    metered(p, "again", task("a", JobEnv.LIVE), task("b", JobEnv.LIVE)),
                    metered(p, "two", task("c", JobEnv.LIVE), task("d", JobEnv.LIVE)),
                    metered(p, "over", task("e", JobEnv.LIVE)))));
            assertThat(out.get(0).items()).containsOnly(ItemOutcome.DUPLICATE);
            assertThat(out.get(1).items()).containsOnly(ItemOutcome.STORED);
            assertThat(out.get(2).refused()).contains(MonthlyQuota.REACHED);
            assertThat(count(store, "SELECT events FROM job_usage")).isEqualTo(4);
            assertThat(count(store, "SELECT COUNT(*) FROM job_events")).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void lineageIsRefusedBelowTheStarterPlanAsTheCommitSeesIt(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            LineageItem edge = new LineageItem(JobEnv.LIVE, "parent", "chain", List.of(new LineageItem.Child("c", "t")));
            store.write(tx -> {
                tx.jobs().putSettings(p, new JobSettings("free", 10, 500, 30, 3, false, OptionalLong.empty()), 0);
                return null;
            });
            BatchOutcome refused = store.write(tx -> applier.apply(tx, List.of(batch(p, "l", edge)))).getFirst();
            assertThat(refused.items()).containsExactly(new ItemOutcome.Rejected(402, "feature_not_available",
                    "lineage needs the starter plan or higher (this project: free)"));
            assertThat(count(store, "SELECT COUNT(*) FROM job_lineage")).isZero();
            quota(store, p, 10); // the pro plan
            BatchOutcome stored = store.write(tx -> applier.apply(tx, List.of(batch(p, "l2", edge)))).getFirst();
            assertThat(stored.items()).containsExactly(ItemOutcome.STORED);
            assertThat(count(store, "SELECT COUNT(*) FROM job_lineage")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anErasureRemovesWhatWasQueuedBeforeItAndNothingQueuedAfter(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            store.write(tx -> applier.apply(tx, List.of(batch(p, "old", event("e0", "anon-1")))));
            // One group: identify folds the anonymous visitor in, events, the erasure, then a later event.
            List<BatchOutcome> out = store.write(tx -> applier.apply(tx, List.of(
                    batch(p, "id", new IdentifyItem("ada", Map.of(), "anon-1", "")),
                    batch(p, "ev", event("e1", "ada"), event("e2", "anon-1"), event("e3", "bob")),
                    batch(p, "erase", new ErasureItem("req-1", "ada", "")),
                    batch(p, "after", event("e4", "ada")))));
            ErasureOutcome erased = (ErasureOutcome) out.get(2).items().getFirst();
            assertThat(erased.requestId()).isEqualTo("req-1");
            assertThat(erased.profileId()).isNotEmpty();
            assertThat(erased.distinctIds()).containsExactlyInAnyOrder("ada", "anon-1");
            assertThat(erased.eventsIdentified()).isEqualTo(3);
            assertThat(out.get(3).items()).containsExactly(ItemOutcome.STORED);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE event_id IN ('e0', 'e1', 'e2')"))
                    .isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE event_id IN ('e3', 'e4')"))
                    .isEqualTo(2);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_profiles")).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_aliases")).isZero();
            assertThat(count(store, "SELECT status FROM analytics_deletions WHERE id = 'req-1'")).isEqualTo(3);
            assertThat(count(store, "SELECT events_identified FROM analytics_deletions")).isEqualTo(3);
        }
    }
}
