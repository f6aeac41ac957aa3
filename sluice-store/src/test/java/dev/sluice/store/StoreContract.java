package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.ClientCost;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.Span;
import dev.sluice.protocol.TokenUsage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every store must have; subclasses run it against a real SQLite file and a real PostgreSQL. */
abstract class StoreContract {

    Store store;
    ProjectId project;

    abstract StoreConfig config();

    @BeforeEach
    void open() {
        store = Store.open(config());
        project = store.createProject("p1", 1000).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void reopeningDoesNotRerunMigrations() {
        StoreConfig c = config();
        try (Store a = Store.open(c)) {
            a.createProject("x", 1);
        }
        try (Store b = Store.open(c)) {
            assertThat(b.findProject("x")).isPresent();
        }
    }

    @Test
    void projectsAreUniqueByName() {
        assertThat(store.findProject("p1")).map(Project::id).contains(project);
        assertThatThrownBy(() -> store.createProject("p1", 2)).isInstanceOf(StoreException.class);
        store.createProject("a0", 3);
        assertThat(store.listProjects()).extracting(Project::name).containsExactly("a0", "p1");
    }

    @Test
    void keysAreStoredHashedAndRevocableByIdOrHint() {
        store.insertKey(new ApiKey("k1", project, "opensentry", "ab".repeat(32), "os_abc123", 5, OptionalLong.empty()));
        store.insertKey(new ApiKey("k2", project, "opensentry", "cd".repeat(32), "os_def456", 6, OptionalLong.empty()));
        assertThat(store.listKeys()).extracting(ApiKey::id).containsExactly("k1", "k2");
        assertThat(store.revokeKey("k1", 10)).isTrue();
        assertThat(store.revokeKey("k1", 11)).isFalse();
        assertThat(store.revokeKey("os_def456", 12)).isTrue();
        assertThat(store.listKeys()).allSatisfy(k -> assertThat(k.active()).isFalse());
        assertThat(store.listKeys().getFirst().revokedAt()).hasValue(10);
    }

    @Test
    void keysAreFoundByHashWithTheirState() {
        store.insertKey(new ApiKey("k1", project, "opensentry", "ab".repeat(32), "os_abc123", 5, OptionalLong.empty()));
        assertThat(store.findKeyByHash("ab".repeat(32))).map(ApiKey::id).contains("k1");
        assertThat(store.findKeyByHash("cd".repeat(32))).isEmpty();
        store.revokeKey("k1", 10);
        assertThat(store.findKeyByHash("ab".repeat(32))).map(ApiKey::active).contains(false);
    }

    @Test
    void settingsAreWrittenOnce() {
        assertThat(store.putSettingIfAbsent("s", "1")).isTrue();
        assertThat(store.putSettingIfAbsent("s", "2")).isFalse();
        assertThat(store.setting("s")).contains("1");
        assertThat(store.setting("missing")).isEmpty();
    }

    @Test
    void dedupeKeysAreClaimedOncePerProject() {
        ProjectId other = store.createProject("p2", 1).id();
        assertThat(claim(project, List.of("a", "b"))).containsOnly("a", "b");
        assertThat(claim(project, List.of("b", "c"))).containsOnly("c");
        assertThat(claim(other, List.of("a"))).containsOnly("a");
        // PostgreSQL text cannot hold U+0000; keys holding it still dedupe and come back as given.
        assertThat(claim(project, List.of("n\0ul"))).containsOnly("n\0ul");
        assertThat(claim(project, List.of("n\0ul"))).isEmpty();
    }

    @Test
    void issuesAggregateAcrossUpserts() {
        IssueUpsert first = new IssueUpsert("i1", 1, "fp", "E: x", "error", 2, 100, 200, Optional.of("r1"),
                Optional.of("prod"));
        Map<String, String> ids = store.write(tx -> tx.upsertIssues(project, List.of(first)));
        assertThat(ids).containsEntry("fp", "i1");
        IssueUpsert older = new IssueUpsert("i2", 1, "fp", "E: x", "fatal", 3, 50, 150, Optional.of("r0"),
                Optional.empty());
        IssueUpsert newer = new IssueUpsert("i3", 1, "fp2", "E: y", "warning", 1, 300, 300, Optional.empty(),
                Optional.empty());
        Map<String, String> again = store.write(tx -> tx.upsertIssues(project, List.of(older, newer)));
        assertThat(again).containsEntry("fp", "i1").containsEntry("fp2", "i3");
        List<Object[]> row = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_count, first_seen, last_seen, level, "
                    + "last_release, last_environment FROM issues WHERE id = 'i1'"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return List.<Object[]>of(new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)});
            }
        });
        // An older batch adds to the count and widens first_seen but does not replace the latest details.
        assertThat(row.getFirst()).containsExactly(5L, 50L, 200L, "error", "r1", "prod");
    }

    @Test
    void rowsOfEveryKindAreStored() {
        store.write(tx -> {
            tx.upsertIssues(project, List.of(new IssueUpsert("i1", 1, "fp", "t", "error", 1, 1, 1, Optional.empty(),
                    Optional.empty())));
            tx.insertErrorEvents(List.of(new ErrorEventRow("e1", project, "i1", 1, 1, Optional.of("raw"), "error",
                    Optional.empty(), Optional.of("r"), "{\"a\":1}")));
            tx.insertTransactions(List.of(new TransactionRow("t1", project, "GET /", "tr", 12.5, "ok",
                    Optional.of("prod"), Optional.empty(), 1, 1, Optional.empty(),
                    List.of(new Span("s1", "db", Optional.of("select"), 3, Optional.of("root")),
                            new Span("s2", "http", Optional.empty(), 4, Optional.empty())))));
            GenerationItem g = new GenerationItem("openai", "gpt-4o", new TokenUsage(10, 5, 15, 2, 0),
                    ClientCost.none(), OptionalLong.of(100), OptionalLong.empty(), "ok", Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
            tx.insertGenerations(List.of(new GenerationRow("g1", project, g, 1, 1,
                    new GenerationRow.Cost(true, 0.1, 0.2, 0.3), "price-table:v1")));
            return null;
        });
        assertThat(count("error_events")).isEqualTo(1);
        assertThat(count("transactions")).isEqualTo(1);
        assertThat(count("spans")).isEqualTo(2);
        assertThat(count("ai_generations")).isEqualTo(1);
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.claimDedupeKeys(project, Set.of("k"), 1);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(count("dedupe_keys")).isZero();
        // The store is usable afterwards.
        assertThat(claim(project, Set.of("k"))).containsOnly("k");
    }

    @Test
    void parametersAreBoundNotSpliced() {
        String hostile = "x'); DROP TABLE projects; --";
        store.createProject("q", 1);
        assertThat(store.findProject(hostile)).isEmpty();
        assertThat(claim(project, List.of(hostile))).containsOnly(hostile);
        assertThat(store.listProjects()).hasSize(2);
    }

    Set<String> claim(ProjectId p, java.util.Collection<String> keys) {
        Store.WriteWork<Set<String>> work = tx -> tx.claimDedupeKeys(p, keys, 1);
        return store.write(work);
    }

    long count(String table) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
