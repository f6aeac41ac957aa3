package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ProjectId;
import dev.sluice.testing.FakeClock;
import dev.sluice.store.IssueStatusChange;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifecycle inside the digest on real stores, with a clock the test moves. */
class IssueLifecycleDigestTest {

    @TempDir
    static Path dir;

    static Stream<StoreConfig> stores() {
        return Stream.of(TestDatabases.sqlite(dir.resolve("l" + System.nanoTime())), TestDatabases.postgres());
    }

    static ErrorItem error(String value) {
        return new ErrorItem(Optional.of("E"), Optional.of(value), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void timedIgnoreEndsWithTheFirstEventAfterItAndObserversSeeEachDecision(StoreConfig config) {
        FakeClock clock = new FakeClock(Instant.parse("2026-03-01T00:00:00Z"));
        List<IssueActivity> seen = new ArrayList<>();
        try (Store store = Store.open(config)) {
            ProjectId p = store.createProject("p", 1).id();
            BatchApplier applier = BatchApplier.create(clock, Ids.create(clock), PriceTable.shipped(),
                    List.of((tx, activity, now) -> seen.addAll(activity)));
            Runnable ingest = () -> store.write(tx -> applier.apply(tx,
                    List.of(new IngestBatch("b", p, clock.instant(), List.of(error("x"), error("x"))))));
            ingest.run();
            String id = seen.getFirst().issueId();
            assertThat(seen.getFirst().created()).isTrue();
            assertThat(seen.getFirst().occurrences()).isEqualTo(2);
            long until = clock.millis() + 60_000;
            store.write(tx -> tx.issues().setStatus(p, List.of(id), IssueStatusChange.ignored(OptionalLong.of(until),
                    OptionalLong.empty(), OptionalLong.empty()), clock.millis()));
            clock.advance(Duration.ofSeconds(59));
            ingest.run();
            assertThat(status(store, id)).isEqualTo("ignored|null");
            assertThat(seen.get(1).transition()).isEqualTo(IssueRules.Transition.NONE);
            clock.advance(Duration.ofSeconds(1));
            ingest.run();
            assertThat(status(store, id)).isEqualTo("unresolved|escalating");
            assertThat(seen.get(2).transition()).isEqualTo(IssueRules.Transition.ESCALATING);
            assertThat(seen.get(2).eventCount()).isEqualTo(6);

            store.write(tx -> tx.issues().setStatus(p, List.of(id), IssueStatusChange.resolved(), clock.millis()));
            ingest.run();
            assertThat(status(store, id)).isEqualTo("unresolved|regressed");
            assertThat(seen.get(3).transition()).isEqualTo(IssueRules.Transition.REGRESSED);
        }
    }

    static String status(Store store, String id) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, substatus FROM issues WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1) + "|" + rs.getString(2);
                }
            }
        });
    }
}
