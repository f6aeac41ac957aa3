package dev.sluice.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.RetentionQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.analytics.MarkedEvents;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reads SQLite answers without a time or person index (V230) — the retention dry run, the size cap's cutoff,
 * the oldest-row gauge and the profile page's event list — equal a brute-force count on the row store, with rows
 * on both sides of the replica's mark and the replica still holding rows the row store already erased or purged
 * (stale positions, more than one page of them at the oldest end). On SQLite they must come from the replica
 * ({@link MarkedEvents} answers); PostgreSQL keeps its indexes and answers from the row store.
 */
class MarkedEventsTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final long now = clock.millis();
    private final Random random = new Random(42);
    private int seq;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    private StoreConfig config(String engine) {
        return engine.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.postgres();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void answersEqualBruteForceWithRowsOnBothSidesOfTheMarkAndStalePositions(String engine) {
        try (Store store = Store.open(config(engine));
             AnalyticsReplica replica = AnalyticsReplica.open(dir.resolve("a.duckdb"), store, clock)) {
            ProjectId p = store.createProject("p", 1).id();
            ProjectId other = store.createProject("other", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped(), List.of(),
                    replica::people);
            // Below the mark: ten people over 50 days, one person older than anyone there (1,200 events, more
            // than one page of the oldest-row search), and another project.
            for (int u = 0; u < 10; u++) {
                apply(store, applier, p, events("u" + u, 100, 50));
            }
            List<Item> ancient = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                ancient.add(event("old-timer", now - Duration.ofDays(70).toMillis() + i / 3));
            }
            apply(store, applier, p, ancient);
            // Someone whose events are the newest of all, erased below: the replica's newest positions go stale.
            apply(store, applier, p, events("gone", 50, 1));
            // Another project big enough that probing p's candidates stays cheaper than a scan (MarkedEvents
            // leaves the answer to a scan past a quarter of the table).
            for (int u = 0; u < 20; u++) {
                apply(store, applier, other, events("o" + u, 1_000, 30));
            }
            replica.sync();
            long mark = replica.mark().position();

            // Stale positions: the row store erases the old-timer and purges p's rows past 45 days; the replica,
            // told nothing, keeps them.
            apply(store, applier, p, List.of(new ErasureItem("req-1", "old-timer", "")));
            apply(store, applier, p, List.of(new ErasureItem("req-2", "gone", "")));
            setDays(store, p, 45);
            RetentionRunner.create(store, clock, Duration.ZERO).run(false);
            setDays(store, p, 365);
            // Above the mark: rows the replica has not read, old and new, some people seen before, one new.
            for (String u : List.of("u0", "u3", "u9", "u10")) {
                apply(store, applier, p, events(u, 40, 60));
            }
            apply(store, applier, other, events("o1", 30, 60)); // younger than the replica's stale oldest
            if (store.dialect() == Dialect.SQLITE) {
                assertThat(mark).isPositive()
                        .isLessThan(count(store, "SELECT MAX(feed_seq) FROM analytics_events", List.of()));
                assertThat(replica.mark().position()).isEqualTo(mark);
            }

            MarkedEvents marked = MarkedEvents.create(store, Optional.of(replica));
            RetentionQueries queries = RetentionQueries.create(store, Optional.of(replica));
            boolean sqlite = store.dialect() == Dialect.SQLITE;
            long rows = count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = ?", List.of(p.value()));
            assertThat(rows).isGreaterThan(1_000);
            if (sqlite) {
                // The replica holds every p row it read, the row store lost the old-timer and the purged ones.
                long held = replica.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events WHERE project = ?")) {
                        ps.setString(1, p.value());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
                assertThat(held).isEqualTo(10 * 100 + 1_200 + 50);
                assertThat(count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = ? AND feed_seq <= ?",
                        List.of(p.value(), mark))).isLessThan(held - 1_200);
            }

            for (int days : List.of(75, 60, 45, 44, 30, 10, 1, 0, -1)) {
                long cutoff = now - Duration.ofDays(days).toMillis();
                long brute = count(store, "SELECT COUNT(*) FROM analytics_events WHERE project_id = ? AND "
                        + "occurred_at < ?", List.of(p.value(), cutoff));
                assertThat(queries.wouldDelete(p, DataFamily.ANALYTICS_EVENTS, cutoff)).as("%d days", days)
                        .isEqualTo(brute);
                assertThat(marked.countBefore(p, cutoff).isPresent()).isEqualTo(sqlite);
            }

            long min = count(store, "SELECT MIN(occurred_at) FROM analytics_events", List.of());
            assertThat(queries.oldest(DataFamily.ANALYTICS_EVENTS)).isEqualTo(OptionalLong.of(min));
            assertThat(marked.oldest().isPresent()).isEqualTo(sqlite);

            for (long n = 1; n <= rows + 2; n += (n < 40 || n > rows - 40 ? 1 : 13)) {
                OptionalLong brute = n > rows ? OptionalLong.empty() : OptionalLong.of(count(store,
                        "SELECT occurred_at FROM analytics_events WHERE project_id = ? ORDER BY occurred_at LIMIT 1 "
                                + "OFFSET ?", List.of(p.value(), n - 1)) + 1);
                assertThat(queries.cutoffRemoving(p, DataFamily.ANALYTICS_EVENTS, n)).as("n = %d", n)
                        .isEqualTo(brute);
            }
            assertThat(marked.nthOldest(p, 5).isPresent()).isEqualTo(sqlite);

            for (Set<String> ids : List.of(Set.of("u0"), Set.of("u0", "u1"), Set.of("u10"), Set.of("old-timer"),
                    Set.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "u10"), Set.of("o1"),
                    Set.of("gone", "u1"), Set.of("gone", "u0"), Set.of("nobody"))) {
                for (int limit : List.of(1, 3, 100, 2_000)) {
                    Optional<List<EventView>> got = marked.newest(p, ids, limit);
                    assertThat(got.isPresent()).isEqualTo(sqlite);
                    if (sqlite) {
                        assertThat(got.get().stream().map(EventView::eventId).toList()).as("%s, %d", ids, limit)
                                .isEqualTo(newestBrute(store, p, ids, limit));
                    }
                }
            }
        }
    }

    /** {@code n} events of {@code person} at random times within the last {@code days} days, some tied. */
    private List<Item> events(String person, int n, int days) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long at = now - (long) (random.nextDouble() * Duration.ofDays(days).toMillis());
            out.add(event(person, i % 10 == 0 ? at - at % 1000 : at));
        }
        return out;
    }

    private Item event(String person, long at) {
        return new AnalyticsEventItem("e" + (seq++) + "-" + random.nextInt(1000), person, "page_view", at, "s", false,
                Map.of(), Map.of());
    }

    private void setDays(Store store, ProjectId p, int days) {
        store.write(tx -> {
            tx.retention().setDays(p, DataFamily.ANALYTICS_EVENTS, days);
            return null;
        });
    }

    private void apply(Store store, BatchApplier applier, ProjectId p, List<Item> items) {
        for (int from = 0; from < items.size(); from += 200) {
            IngestBatch batch = new IngestBatch("b" + (seq++), p, clock.instant(),
                    items.subList(from, Math.min(items.size(), from + 200)));
            store.write(tx -> applier.apply(tx, List.of(batch)));
        }
    }

    private static List<String> newestBrute(Store store, ProjectId p, Set<String> ids, int limit) {
        String in = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM analytics_events WHERE project_id = ? "
                    + "AND distinct_id IN (" + in + ") ORDER BY occurred_at DESC, event_id DESC LIMIT ?")) {
                ps.setString(1, p.value());
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private static long count(Store store, String sql, List<Object> args) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
