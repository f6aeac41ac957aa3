package dev.sluice.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.ErasureOutcome;
import dev.sluice.protocol.IdentifyItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.DataFamily;
import dev.sluice.store.Dialect;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Erasure and retention stay exact while the analytics replica lags: on SQLite the row store has no person or
 * time index (V230), so both take the positions the replica holds and scan only the rows above its mark. Events
 * land on both sides of the mark; stale positions (rows the row store already erased, which the replica still
 * holds) must delete nothing; without a replica the walk covers every row. PostgreSQL runs the same scenario on
 * its indexes.
 */
class LaggingReplicaTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final long now = clock.millis();
    private final long old = now - Duration.ofDays(40).toMillis();
    private int seq;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    private StoreConfig config(String engine) {
        return engine.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.postgres();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void erasureAndRetentionAreExactWithRowsAboveTheReplicasMark(String engine) {
        try (Store store = Store.open(config(engine));
             AnalyticsReplica replica = AnalyticsReplica.open(dir.resolve("a.duckdb"), store, clock)) {
            ProjectId p = store.createProject("p", 1).id();
            ProjectId other = store.createProject("other", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped(), List.of(),
                    replica::people);
            apply(store, applier, p, new IdentifyItem("ada", Map.of(), "anon-ada", ""));
            // Below the mark: in the replica.
            apply(store, applier, p, events("ada", "anon-ada", "bob", "carol").toArray(Item[]::new));
            apply(store, applier, other, events("ada", "dan").toArray(Item[]::new));
            replica.sync();
            long mark = replica.mark().position();
            // Above the mark: the replica has not read these.
            apply(store, applier, p, events("anon-ada", "ada", "bob").toArray(Item[]::new));
            if (store.dialect() == Dialect.SQLITE) {
                assertThat(mark).isPositive().isLessThan(count(store, "SELECT MAX(feed_seq) FROM analytics_events"));
                assertThat(replica.people(p, Set.of("ada", "anon-ada")).positions()).hasSize(2 * 8);
            }
            long adaRows = count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND distinct_id IN ('ada', 'anon-ada')");
            assertThat(adaRows).isEqualTo(4 * 8);
            long otherRows = count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '"
                    + other.value() + "'");

            ErasureOutcome erased = erase(store, applier, p, "req-1");
            assertThat(erased.eventsIdentified()).isEqualTo(adaRows);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE distinct_id IN ('ada', 'anon-ada') "
                    + "AND project_id = '" + p.value() + "'")).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE distinct_id = 'bob'")).isEqualTo(16);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + other.value()
                    + "'")).isEqualTo(otherRows);
            // The replica still holds ada's rows (nobody told it yet): those positions are stale and delete nothing.
            ErasureOutcome again = erase(store, applier, p, "req-2");
            assertThat(again.eventsIdentified()).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE distinct_id = 'bob'")).isEqualTo(16);

            // More rows above the mark, old and recent, then retention at 30 days for project p.
            apply(store, applier, p, events("bob", "erin").toArray(Item[]::new));
            store.write(tx -> {
                tx.retention().setDays(p, DataFamily.ANALYTICS_EVENTS, 30);
                return null;
            });
            long cutoff = now - Duration.ofDays(30).toMillis();
            long due = count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND occurred_at < " + cutoff);
            long kept = count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND occurred_at >= " + cutoff);
            assertThat(due).isEqualTo(5 * 4); // bob three times, carol, erin: half of each person's eight
            long purged = RetentionRunner.create(store, replica, clock, Duration.ZERO).run(false).stream()
                    .filter(r -> r.family() == DataFamily.ANALYTICS_EVENTS && r.project().equals("p"))
                    .mapToLong(RetentionRunner.Result::rows).sum();
            assertThat(purged).isEqualTo(due);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND occurred_at < " + cutoff)).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND occurred_at >= " + cutoff)).isEqualTo(kept);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + other.value()
                    + "'")).isEqualTo(otherRows);

            // Without a replica (the CLI's run on a store alone) the walk covers every row.
            apply(store, applier, p, events("fay").toArray(Item[]::new));
            long purgedAlone = RetentionRunner.create(store, clock, Duration.ZERO).run(false).stream()
                    .filter(r -> r.family() == DataFamily.ANALYTICS_EVENTS && r.project().equals("p"))
                    .mapToLong(RetentionRunner.Result::rows).sum();
            assertThat(purgedAlone).isEqualTo(4);
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND occurred_at < " + cutoff)).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = '" + p.value()
                    + "' AND occurred_at >= " + cutoff)).isEqualTo(kept + 4);
        }
    }

    /** Eight events per person: half 40 days old, half from the last minute. */
    private List<Item> events(String... people) {
        List<Item> out = new ArrayList<>();
        for (String person : people) {
            for (int i = 0; i < 8; i++) {
                long at = (i % 2 == 0 ? old : now - 60_000) + i;
                out.add(new AnalyticsEventItem("e" + (seq++), person, "page_view", at, "s", false, Map.of(),
                        Map.of()));
            }
        }
        return out;
    }

    private ErasureOutcome erase(Store store, BatchApplier applier, ProjectId p, String request) {
        return (ErasureOutcome) apply(store, applier, p, new ErasureItem(request, "ada", "")).items().getFirst();
    }

    private BatchOutcome apply(Store store, BatchApplier applier, ProjectId p, Item... items) {
        IngestBatch batch = new IngestBatch("b" + (seq++), p, clock.instant(), List.of(items));
        return store.write(tx -> applier.apply(tx, List.of(batch))).getFirst();
    }

    private static long count(Store store, String sql) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
