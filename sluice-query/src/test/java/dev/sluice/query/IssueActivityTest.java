package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.Ids;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.ErrorEventRow;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import dev.sluice.testing.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sparkline buckets against a brute-force count over the same rows, on both stores: occurrences at random
 * times (ids stamped by {@link Ids} at those times, as the writer stamps them), random bucket grids, other
 * issues and another project's events that must not count.
 */
class IssueActivityTest {

    private static final ProjectId P = new ProjectId("p1");
    private static final ProjectId OTHER = new ProjectId("p2");
    private static final long BASE = 1_790_000_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void bucketsMatchABruteForceCount(String engine) {
        StoreConfig config = engine.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.postgres();
        Random r = new Random(20261130L);
        FakeClock clock = FakeClock.atMillis(BASE);
        Ids ids = Ids.create(clock);
        List<String> issues = List.of("i0", "i1", "i2", "i3", "i4");
        List<ErrorEventRow> rows = new ArrayList<>();
        Map<String, List<Long>> stampsByIssue = new HashMap<>();
        long t = BASE;
        for (int i = 0; i < 3000; i++) {
            // Mostly forward in time, sometimes many in one millisecond (ids then differ by sequence only).
            t += r.nextInt(4) == 0 ? 0 : r.nextInt(120_000);
            clock.set(java.time.Instant.ofEpochMilli(t));
            String issue = issues.get(r.nextInt(issues.size()));
            ProjectId project = r.nextInt(10) == 0 ? OTHER : P;
            String id = ids.next();
            rows.add(new ErrorEventRow(id, project, issue, t, t, Optional.empty(), "error", Optional.empty(),
                    Optional.empty(), "{}"));
            if (project.equals(P)) {
                stampsByIssue.computeIfAbsent(issue, k -> new ArrayList<>()).add(stampOf(id));
            }
        }
        long end = t;
        try (Store store = Store.open(config)) {
            store.write(tx -> {
                tx.insertErrorEvents(rows);
                return null;
            });
            IssueActivity activity = IssueActivity.create(store);
            for (int q = 0; q < 60; q++) {
                long from = BASE - 600_000 + (long) (r.nextDouble() * (end - BASE));
                long width = 1 + r.nextInt(q % 3 == 0 ? 1000 : 3_600_000);
                if (q % 2 == 0) {
                    // Bucket edges exactly on stored occurrences: the first edge on one, the second on a later one.
                    long a = rows.get(r.nextInt(rows.size() / 2)).receivedAt();
                    long b = rows.get(rows.size() / 2 + r.nextInt(rows.size() / 2)).receivedAt();
                    from = a;
                    width = Math.max(1, (b - a) / (1 + r.nextInt(3)));
                }
                int buckets = 1 + r.nextInt(q % 5 == 0 ? 1000 : 48);
                List<String> asked = new ArrayList<>(issues.subList(0, 1 + r.nextInt(issues.size())));
                asked.add("missing");
                Map<String, long[]> got = activity.buckets(P, asked, from, width, buckets);
                for (String issue : asked) {
                    long[] want = new long[buckets];
                    for (long stamp : stampsByIssue.getOrDefault(issue, List.of())) {
                        if (stamp >= from && stamp < from + width * buckets) {
                            want[(int) ((stamp - from) / width)]++;
                        }
                    }
                    assertThat(got.get(issue)).as("%s issue %s from %d width %d x %d", engine, issue, from,
                            width, buckets).containsExactly(want);
                }
            }
        }
    }

    /** The millisecond stamp of a UUIDv7 id, independently of the query under test. */
    private static long stampOf(String id) {
        return UUID.fromString(id).getMostSignificantBits() >>> 16;
    }
}
