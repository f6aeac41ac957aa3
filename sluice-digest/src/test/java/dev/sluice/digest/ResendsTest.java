package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ClientReportItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.LogItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resend keys in the applier, on real stores: within one commit the first request holding a key applies all
 * its items with it (a log item's records share one key) and a copy in a later request of the same commit is a
 * duplicate; a later commit finds the key claimed; items without a key always apply.
 */
class ResendsTest {

    @TempDir
    static Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

    static Stream<StoreConfig> stores() {
        return Stream.of(TestDatabases.sqlite(dir.resolve("r" + System.nanoTime())), TestDatabases.postgres());
    }

    static LogItem log(String body, Optional<String> key) {
        return new LogItem(Optional.of("2026-02-01T00:00:00Z"), 9, "info", body, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "{}", key);
    }

    static List<ItemOutcome> outcomes(BatchOutcome o) {
        return o.items();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aKeyIsAppliedOnceAcrossRequestsAndCommits(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            Instant now = clock.instant();
            List<Item> envelope = List.of(log("one", Optional.of("log:e1:0")), log("two", Optional.of("log:e1:0")),
                    new ClientReportItem("queue_overflow", "error", 3, Optional.empty(), Optional.of("report:e1")),
                    log("unkeyed", Optional.empty()));
            List<BatchOutcome> first = store.write(tx -> applier.apply(tx, List.of(
                    new IngestBatch("a", p, now, envelope), new IngestBatch("b", p, now, envelope))));
            assertThat(outcomes(first.get(0))).containsOnly(ItemOutcome.STORED);
            assertThat(outcomes(first.get(1))).containsExactly(ItemOutcome.DUPLICATE, ItemOutcome.DUPLICATE,
                    ItemOutcome.DUPLICATE, ItemOutcome.STORED);
            List<BatchOutcome> later = store.write(tx -> applier.apply(tx, List.of(new IngestBatch("c", p, now,
                    envelope))));
            assertThat(outcomes(later.get(0))).containsExactly(ItemOutcome.DUPLICATE, ItemOutcome.DUPLICATE,
                    ItemOutcome.DUPLICATE, ItemOutcome.STORED);
            // Another project's identical key is its own.
            ProjectId q = store.createProject("q", 2).id();
            List<BatchOutcome> other = store.write(tx -> applier.apply(tx, List.of(new IngestBatch("d", q, now,
                    envelope))));
            assertThat(outcomes(other.get(0))).containsOnly(ItemOutcome.STORED);
        }
    }
}
