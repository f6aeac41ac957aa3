package dev.sluice.analytics;

import static dev.sluice.analytics.ReplicaFeedTest.P;
import static dev.sluice.analytics.ReplicaFeedTest.ids;
import static dev.sluice.analytics.ReplicaFeedTest.insert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.Store;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's cheap catch-up (a state read compared with the last sync's) still brings in every event committed
 * before the query: other writers' commits, and a transaction that inserted before the last sync but commits after.
 */
class ReplicaCatchUpTest {

    @TempDir
    Path dir;

    @Test
    void catchUpOnPostgresqlSeesEveryCommitIncludingALateOne() throws Exception {
        try (Store store = Store.open(TestDatabases.postgres());
             AnalyticsReplica r = AnalyticsReplica.open(dir.resolve("analytics.duckdb"), store, Clock.systemUTC())) {
            insert(store, "a", 2);
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1");
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1");
            CountDownLatch inserted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread slow = Thread.ofPlatform().start(() -> store.write(tx -> {
                tx.analytics().insertEvents(P, List.of(new EventRow("slow", "u", "k", 1, "", false, "{}", "{}", 1)));
                inserted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
            insert(store, "b", 1);
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0");
            // Nothing new: the replica stays as it is (and the catch-up takes the cheap path).
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0");
            release.countDown();
            slow.join();
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0", "slow");
            insert(store, "c", 1);
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0", "c0", "slow");
        }
    }
}
