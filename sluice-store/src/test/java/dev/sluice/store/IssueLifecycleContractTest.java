package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ProjectId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The issue lifecycle writes on SQLite and PostgreSQL: status changes made by people (resolve, resolve in the
 * next release, ignore with conditions), reopening by the pipeline, ignore user counting, and merges.
 */
class IssueLifecycleContractTest extends OnBothStores {

    @BeforeEach
    void open() {
        issue(db.project, "i1", "fp1", 3);
        issue(db.project, "i2", "fp2", 4);
    }

    private void issue(ProjectId project, String id, String fingerprint, long count) {
        db.store.write(tx -> tx.upsertIssues(project, List.of(new IssueUpsert(id, 1, fingerprint, "E: " + id, "error",
                count, 100, 200, Optional.of("r1"), Optional.of("prod")))));
    }

    private List<String> row(String id) {
        return db.rows("SELECT status, substatus, resolved_in_release, ignore_until, ignore_until_count, "
                + "ignore_user_count, times_regressed, merged_into, event_count, status_changed_at FROM issues WHERE id = ?",
                id).getFirst();
    }

    @Test
    void statusChangesAreScopedToTheProjectAndSetTheirConditions() {
        ProjectId other = db.store.createProject("p2", 1000).id();
        assertThat(db.store.<List<String>>write(tx -> tx.issues().setStatus(other, List.of("i1"), IssueStatusChange.resolved(), 1)))
                .isEmpty();
        assertThat(row("i1").getFirst()).isEqualTo("unresolved");

        assertThat(db.store.<List<String>>write(tx -> tx.issues().setStatus(db.project, List.of("i1", "nope"),
                IssueStatusChange.resolvedInNextRelease(Optional.empty()), 1_000))).containsExactly("i1");
        assertThat(row("i1")).startsWith("resolved", null, "r1");
        assertThat(row("i1").get(9)).isEqualTo("1000");

        db.store.write(tx -> tx.issues().setStatus(db.project, List.of("i2"), IssueStatusChange.ignored(
                OptionalLong.of(9_000), OptionalLong.of(10), OptionalLong.of(2)), 2_000));
        assertThat(row("i2").subList(0, 6)).containsExactly("ignored", null, null, "9000", "14", "2");

        db.store.write(tx -> tx.issues().setStatus(db.project, List.of("i1", "i2"), IssueStatusChange.unresolved(),
                3_000));
        assertThat(row("i1").subList(0, 6)).containsExactly("unresolved", null, null, null, null, null);
        assertThat(row("i2").subList(0, 6)).containsExactly("unresolved", null, null, null, null, null);
    }

    @Test
    void ignoredIssuesCountDistinctUsersAndReopenAsRegressionsOrEscalations() {
        db.store.write(tx -> tx.issues().setStatus(db.project, List.of("i2"), IssueStatusChange.ignored(
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(2)), 1_000));
        assertThat(db.store.<Long>write(tx -> tx.issues().addUsers("i2", List.of("u1", "u2", "u1")))).isEqualTo(2);
        assertThat(db.store.<Long>write(tx -> tx.issues().addUsers("i2", List.of("u2", "u3")))).isEqualTo(3);
        db.store.write(tx -> {
            tx.issues().reopen(List.of("i2"), "escalating", 2_000);
            return null;
        });
        assertThat(row("i2").subList(0, 7)).containsExactly("unresolved", "escalating", null, null, null, null, "0");
        assertThat(db.rows("SELECT COUNT(*) FROM issue_users WHERE issue_id = 'i2'")).containsExactly(List.of("0"));

        db.store.write(tx -> tx.issues().setStatus(db.project, List.of("i1"), IssueStatusChange.resolved(), 3_000));
        db.store.write(tx -> {
            tx.issues().reopen(List.of("i1"), "regressed", 4_000);
            tx.issues().reopen(List.of("i1"), "regressed", 5_000);
            return null;
        });
        assertThat(row("i1")).startsWith("unresolved", "regressed");
        assertThat(row("i1").get(6)).isEqualTo("2");
    }

    @Test
    void mergesMoveCountsAndEventsAndRefuseWhatCannotBeMerged() {
        issue(db.project, "i3", "fp3", 5);
        db.store.write(tx -> {
            tx.insertErrorEvents(List.of(new ErrorEventRow("e1", db.project, "i2", 1, 1, Optional.empty(), "error",
                    Optional.empty(), Optional.empty(), "{}")));
            return null;
        });
        assertThat(db.store.<Optional<String>>write(tx -> tx.issues().merge(db.project, "i1", List.of("i1"), 1)))
                .contains("an issue cannot be merged into itself");
        assertThat(db.store.<Optional<String>>write(tx -> tx.issues().merge(db.project, "i1", List.of("missing"), 1)))
                .contains("unknown or already merged issue");
        ProjectId other = db.store.createProject("p2", 1000).id();
        issue(other, "o1", "fp1", 1);
        assertThat(db.store.<Optional<String>>write(tx -> tx.issues().merge(db.project, "i1", List.of("o1"), 1)))
                .as("another project's issue").contains("unknown or already merged issue");

        assertThat(db.store.<Optional<String>>write(tx -> tx.issues().merge(db.project, "i1", List.of("i2"), 2_000))).isEmpty();
        assertThat(db.store.<Optional<String>>write(tx -> tx.issues().merge(db.project, "i3", List.of("i1"), 3_000))).isEmpty();
        // Every alias is one hop from its final target; counts and events follow.
        assertThat(row("i2").get(7)).isEqualTo("i3");
        assertThat(row("i1").get(7)).isEqualTo("i3");
        assertThat(row("i3").get(8)).isEqualTo("12");
        assertThat(db.rows("SELECT issue_id FROM error_events WHERE id = 'e1'")).containsExactly(List.of("i3"));
        assertThat(db.store.<Optional<String>>write(tx -> tx.issues().merge(db.project, "i3", List.of("i2"), 4_000)))
                .contains("unknown or already merged issue");
    }
}
