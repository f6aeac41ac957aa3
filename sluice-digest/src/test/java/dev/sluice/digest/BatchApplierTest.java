package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ClientCost;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.Span;
import dev.sluice.protocol.TokenUsage;
import dev.sluice.protocol.TransactionItem;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The applier against real stores: grouping, aggregation within a batch, dedupe across batches, cost. */
class BatchApplierTest {

    @TempDir
    static Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

    static Stream<StoreConfig> stores() {
        return Stream.of(TestDatabases.sqlite(dir.resolve("a" + System.nanoTime())), TestDatabases.postgres());
    }

    static ErrorItem error(String value, String file, Optional<String> id, String timestamp, String release) {
        return new ErrorItem(Optional.of("TypeError"), Optional.of(value), Optional.empty(), Optional.empty(),
                List.of(new Frame(Optional.of(file), Optional.of("f"), true)), Optional.of("prod"),
                Optional.of(release), Optional.of(timestamp), id, "{\"x\":1}");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void groupsDedupesAndPrices(StoreConfig config) {
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped());
            Instant now = clock.instant();
            List<Item> first = List.of(
                    error("boom", "a.js", Optional.of("e1"), "2026-02-01T00:00:00Z", "r1"),
                    error("boom", "a.js", Optional.empty(), "2026-02-03T00:00:00Z", "r3"),
                    error("boom", "a.js", Optional.of("e1"), "2026-02-01T00:00:00Z", "r1"),
                    error("other", "b.js", Optional.empty(), "2026-02-02T00:00:00Z", "r2"),
                    new TransactionItem("GET /", "t1", 5, "ok", List.of(new Span("s", "db", Optional.empty(), 2,
                            Optional.empty())), Optional.empty(), Optional.empty(), Optional.of("ts"),
                            Optional.of("t1|GET /|ts")),
                    new GenerationItem("openai", "gpt-4o", new TokenUsage(1_000_000, 0, 1_000_000, 0, 0),
                            ClientCost.none(), OptionalLong.of(10), OptionalLong.empty(), "ok", Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                            "{}"));
            List<Item> retry = List.of(error("boom", "a.js", Optional.of("e1"), "2026-02-01T00:00:00Z", "r1"),
                    first.get(4));
            List<BatchOutcome> outcomes = store.write(tx -> applier.apply(tx, List.of(
                    new IngestBatch("b1", p, now, first), new IngestBatch("b2", p, now, retry))));
            assertThat(outcomes).extracting(BatchOutcome::stored, BatchOutcome::duplicates)
                    .containsExactly(tuple(5, 1), tuple(0, 2));
            assertThat(outcomes.getFirst().items().get(2)).isEqualTo(ItemOutcome.DUPLICATE);
            // A later commit with the same ids stores nothing new either.
            List<BatchOutcome> later = store.write(tx -> applier.apply(tx, List.of(new IngestBatch("b3", p, now, retry))));
            assertThat(later).extracting(BatchOutcome::stored, BatchOutcome::duplicates).containsExactly(tuple(0, 2));

            List<String> issues = store.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT title, event_count, first_seen, last_seen, "
                        + "last_release FROM issues ORDER BY title"); ResultSet rs = ps.executeQuery()) {
                    List<String> out = new java.util.ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + Instant.ofEpochMilli(rs.getLong(3))
                                + "|" + Instant.ofEpochMilli(rs.getLong(4)) + "|" + rs.getString(5));
                    }
                    return out;
                }
            });
            assertThat(issues).containsExactly(
                    "TypeError: boom|2|2026-02-01T00:00:00Z|2026-02-03T00:00:00Z|r3",
                    "TypeError: other|1|2026-02-02T00:00:00Z|2026-02-02T00:00:00Z|r2");
            double cost = store.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT total_cost_usd, cost_source FROM ai_generations");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(2)).isEqualTo("price-table:v1");
                    return rs.getDouble(1);
                }
            });
            assertThat(cost).isEqualTo(2.5);
        }
    }
}
