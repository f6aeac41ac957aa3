package dev.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replica holds exactly the row store's events: after syncs, reopenings and concurrent writers. */
class ReplicaFeedTest {

    static final ProjectId P = new ProjectId("p1");

    @TempDir
    Path dir;

    static StoreConfig config(String engine, Path dir) {
        return engine.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.postgres();
    }

    static void insert(Store store, String prefix, int n) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new EventRow(prefix + i, "u" + (i % 7), "k" + (i % 3), 1_000L * i, "s" + (i % 5), false,
                    "{\"$browser\":\"x\"}", "{\"n\":" + i + "}", 1L));
        }
        store.write(tx -> tx.analytics().insertEvents(P, rows));
    }

    static List<String> ids(AnalyticsReplica r) {
        return r.read(c -> {
            List<String> out = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT event_id FROM events ORDER BY event_id")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void followsTheRowStoreExactlyOnceAcrossReopenings(String engine) {
        Path file = dir.resolve("analytics.duckdb");
        try (Store store = Store.open(config(engine, dir))) {
            insert(store, "a", 30_000);
            try (AnalyticsReplica r = AnalyticsReplica.open(file, store, Clock.systemUTC())) {
                assertThat(r.lag().events()).isEqualTo(30_000);
                assertThat(r.sync()).isEqualTo(30_000);
                assertThat(r.sync()).isZero();
                assertThat(r.lag().caughtUp()).isTrue();
            }
            insert(store, "b", 10);
            try (AnalyticsReplica r = AnalyticsReplica.open(file, store, Clock.systemUTC())) {
                assertThat(r.sync()).isEqualTo(10);
                List<String> ids = ids(r);
                assertThat(ids).hasSize(30_010).doesNotHaveDuplicates();
                assertThat(r.rebuild(n -> { })).isEqualTo(30_010);
                assertThat(ids(r)).isEqualTo(ids);
            }
        }
    }

    /**
     * A transaction that inserted first but commits last must not be skipped (DESIGN.md pitfall), and a running
     * transaction must not hold back events that other transactions committed meanwhile (nor count them twice).
     */
    @Test
    void aLateCommitOnPostgresqlIsNotSkipped() throws Exception {
        Path file = dir.resolve("analytics.duckdb");
        try (Store store = Store.open(TestDatabases.postgres());
             AnalyticsReplica r = AnalyticsReplica.open(file, store, Clock.systemUTC())) {
            HeldWrite slow = HeldWrite.open(store, P, "slow");
            insert(store, "fast", 3);
            r.sync();
            assertThat(ids(r)).containsExactlyInAnyOrder("fast0", "fast1", "fast2");
            slow.commit();
            r.sync();
            assertThat(ids(r)).containsExactlyInAnyOrder("slow", "fast0", "fast1", "fast2");
        }
    }
}
