package dev.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica's DuckDB runs with the configured cap, and a query larger than the cap spills instead of failing. */
class ReplicaLimitsTest {

    @TempDir
    Path dir;

    @Test
    void theReplicaRunsWithTheLimitsAndSpillsInsideTheDataDirectory() {
        Path file = dir.resolve("analytics.duckdb");
        ReplicaLimits limits = new ReplicaLimits("48MB", 1, ReplicaLimits.spillDir(file));
        try (Store store = Store.open(TestDatabases.sqlite(dir));
             AnalyticsReplica r = AnalyticsReplica.open(file, store, Clock.systemUTC(), limits)) {
            String[] settings = r.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('memory_limit'), "
                        + "current_setting('threads'), current_setting('temp_directory')")) {
                    rs.next();
                    return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
                }
            });
            // DuckDB reports the limit in its own units (48MB = 45.7 MiB).
            assertThat(settings[0]).isEqualTo("45.7 MiB");
            assertThat(settings[1]).isEqualTo("1");
            assertThat(Path.of(settings[2])).isEqualTo(dir.resolve("analytics.duckdb.tmp").toAbsolutePath());
            // A sort of ~12M rows × 16 bytes (≈ 190 MB) under a 48 MB cap: it must spill and still answer exactly.
            long[] answer = r.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*), sum(i * k) FROM (SELECT i, "
                        + "row_number() OVER (ORDER BY hash(i), i) AS k FROM range(12000000) t(i))")) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getBigDecimal(2).signum()};
                }
            });
            assertThat(answer[0]).isEqualTo(12_000_000L);
            assertThat(answer[1]).isEqualTo(1);
            // One list of ~10M numbers (≈ 80 MB) cannot spill: the error says which setting to raise.
            assertThatThrownBy(() -> r.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT len(list(i)) FROM range(10000000) t(i)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            })).isInstanceOf(StoreException.class).hasMessageContaining("SLUICE_ANALYTICS_MEMORY")
                    // Not an outage: the protocols answer "narrow it" instead of "retry later".
                    .satisfies(e -> assertThat(StoreException.classify(e)).isEqualTo(StoreException.Failure.TOO_LARGE));
        }
    }

    @Test
    void theEnvironmentOverridesTheDefaults() {
        Path file = dir.resolve("analytics.duckdb");
        ReplicaLimits d = ReplicaLimits.fromEnvironment(file, Map.of());
        assertThat(d.memoryLimit()).isEqualTo(ReplicaLimits.DEFAULT_MEMORY);
        assertThat(d.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(d.tempDirectory()).isEqualTo(dir.resolve("analytics.duckdb.tmp").toAbsolutePath());
        ReplicaLimits set = ReplicaLimits.fromEnvironment(file, Map.of("SLUICE_ANALYTICS_MEMORY", "1GB",
                "SLUICE_ANALYTICS_THREADS", "3"));
        assertThat(set.memoryLimit()).isEqualTo("1GB");
        assertThat(set.threads()).isEqualTo(3);
        assertThatThrownBy(() -> ReplicaLimits.fromEnvironment(file, Map.of("SLUICE_ANALYTICS_MEMORY", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192MB or 1GB");
        assertThatThrownBy(() -> ReplicaLimits.fromEnvironment(file, Map.of("SLUICE_ANALYTICS_THREADS", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplicaLimits.fromEnvironment(file, Map.of("SLUICE_ANALYTICS_MEMORY", "1GB'; DROP")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
