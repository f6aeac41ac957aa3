package dev.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.Store;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's feed reads the next page while it appends a full one: backlogs that end exactly on a page boundary
 * (the read-ahead finds nothing) and one past it (the read-ahead finds one row) are appended exactly once, in
 * order, with no gap.
 */
class ReplicaReadAheadTest {

    @TempDir
    Path dir;

    /** Events, distinct positions, and the span of positions, in the replica. */
    static List<Long> positions(AnalyticsReplica r) {
        return r.read(c -> {
            try (var rs = c.createStatement().executeQuery(
                    "SELECT count(*), count(DISTINCT pos), max(pos) - min(pos) + 1 FROM events")) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }

    @Test
    void fullPagesAndTheRowAfterThemAreAppendedOnceWithoutGaps() {
        try (Store store = Store.open(TestDatabases.sqlite(dir));
             AnalyticsReplica r = AnalyticsReplica.open(dir.resolve("analytics.duckdb"), store, Clock.systemUTC())) {
            ReplicaFeedTest.insert(store, "a", 40_000);
            assertThat(r.sync()).isEqualTo(40_000);
            assertThat(r.sync()).isZero();
            assertThat(positions(r)).containsExactly(40_000L, 40_000L, 40_000L);
            ReplicaFeedTest.insert(store, "b", 20_001);
            assertThat(r.sync()).isEqualTo(20_001);
            assertThat(positions(r)).containsExactly(60_001L, 60_001L, 60_001L);
            assertThat(ReplicaFeedTest.ids(r)).hasSize(60_001).doesNotHaveDuplicates();
            assertThat(r.lag().caughtUp()).isTrue();
        }
    }
}
