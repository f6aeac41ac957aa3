package dev.sluice.analytics;

import static dev.sluice.analytics.ReplicaFeedTest.P;
import static dev.sluice.analytics.ReplicaFeedTest.ids;
import static dev.sluice.analytics.ReplicaFeedTest.insert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.Store;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
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
            HeldWrite slow = HeldWrite.open(store, P, "slow");
            insert(store, "b", 1);
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0");
            // Nothing new: the replica stays as it is (and the catch-up takes the cheap path).
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0");
            slow.commit();
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0", "slow");
            insert(store, "c", 1);
            r.catchUp();
            assertThat(ids(r)).containsExactly("a0", "a1", "b0", "c0", "slow");
        }
    }
}
