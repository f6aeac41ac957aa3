package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.TaskRecords.Dedupe;
import dev.sluice.store.TaskRecords.Intake;
import dev.sluice.store.TaskRecords.IntakeIdentity;
import dev.sluice.store.TaskRecords.NewDedupe;
import dev.sluice.store.TaskRecords.NewTask;
import dev.sluice.store.TaskRecords.TaskChange;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The task (Tailpoint) write family and its reads, on SQLite and PostgreSQL. */
class TaskWritesContractTest extends OnBothStores {

    @Test
    void everyProjectStartsWithSettingsAndAWorkflow() {
        TaskSettings settings = db.store.write(tx -> tx.tasks().settings(db.project));
        List<TaskStatus> statuses = db.store.write(tx -> tx.tasks().statuses(db.project));
        assertThat(statuses).isNotEmpty();
        assertThat(statuses).extracting(TaskStatus::id).contains(settings.defaultStatusId());
        assertThat(statuses).anySatisfy(s -> assertThat(s.terminal()).isTrue());
        assertThat(db.store.<List<TaskStatus>>read(c -> TaskReads.statuses(c, db.project))).isEqualTo(statuses);
        TaskSettings changed = new TaskSettings(db.project, settings.defaultStatusId(), "reopen_if_recent", 7, 42);
        db.store.write(tx -> {
            tx.tasks().putSettings(changed);
            return null;
        });
        assertThat(db.store.<TaskSettings>write(tx -> tx.tasks().settings(db.project))).isEqualTo(changed);
    }

    @Test
    void createDedupeBumpAndChangeATask() {
        long open = db.store.write(tx -> tx.tasks().settings(db.project)).defaultStatusId();
        long taskId = db.store.write(tx -> {
            long id = tx.tasks().createTask(new NewTask(db.project, "DB down", Optional.of("desc"), Optional.empty(),
                    open, 2, "high", "sdk", "[]", Optional.of("{\"a\":1}"), 5_000));
            tx.tasks().insertDedupe(new NewDedupe("d1", db.project, "db", id, "sdk", "high", Optional.empty(), 5_000));
            return id;
        });
        assertThat(db.store.<java.util.Optional<Dedupe>>write(tx -> tx.tasks().latestDedupe(db.project, "db")))
                .contains(new Dedupe("d1", taskId, 1));
        long count = db.store.write(tx -> tx.tasks().bumpDedupe("d1", 6_000, Optional.of("{\"m\":2}"),
                Optional.of("critical")));
        assertThat(count).isEqualTo(2);
        assertThat(db.store.<java.util.Optional<Dedupe>>write(tx -> tx.tasks().latestDedupe(db.project, "db")).orElseThrow().occurrenceCount())
                .isEqualTo(2);
        long closed = db.store.write(tx -> tx.tasks().statuses(db.project)).stream()
                .filter(TaskStatus::terminal).findFirst().orElseThrow().id();
        assertThat(db.store.<Boolean>write(tx -> tx.tasks().updateTask(db.project, taskId,
                new TaskChange(OptionalLong.of(closed), Optional.of("low"), OptionalLong.empty(), Optional.empty()),
                7_000))).isTrue();
        TaskRecords.TaskState state = db.store.write(tx -> tx.tasks().task(db.project, taskId)).orElseThrow();
        assertThat(state.statusId()).isEqualTo(closed);
        assertThat(state.severity()).isEqualTo("low");
        assertThat(state.updatedAt()).isEqualTo(7_000);
        assertThat(db.store.<Boolean>write(tx -> tx.tasks().updateTask(db.project, taskId + 1000,
                new TaskChange(OptionalLong.empty(), Optional.empty(), OptionalLong.of(1), Optional.empty()), 8_000)))
                .isFalse();
        assertThat(db.store.<java.util.Optional<Dedupe>>write(tx -> tx.tasks().latestDedupe(db.project, "other"))).isEmpty();
    }

    @Test
    void intakesAreScopedToTheirIdentity() {
        IntakeIdentity id = new IntakeIdentity(db.project, "api", "key1", "idem-1");
        Intake accepted = new Intake("ev1", "accepted", true, OptionalLong.of(3), OptionalLong.of(1));
        db.store.write(tx -> {
            tx.tasks().insertIntake(id, accepted, 1_000);
            return null;
        });
        assertThat(db.store.<java.util.Optional<Intake>>write(tx -> tx.tasks().findIntake(id))).contains(accepted);
        assertThat(db.store.<java.util.Optional<Intake>>write(tx -> tx.tasks().findIntake(new IntakeIdentity(db.project, "api", "key2", "idem-1"))))
                .isEmpty();
        Intake rejected = new Intake("ev2", "rejected", false, OptionalLong.empty(), OptionalLong.empty());
        IntakeIdentity other = new IntakeIdentity(db.project, "api", "key1", "idem-2");
        db.store.write(tx -> {
            tx.tasks().insertIntake(other, rejected, 1_000);
            return null;
        });
        assertThat(db.store.<java.util.Optional<Intake>>write(tx -> tx.tasks().findIntake(other))).contains(rejected);
    }

    @Test
    void membersAreReplaced() {
        db.store.write(tx -> {
            tx.tasks().setMembers(db.project, List.of("a@x.io", "b@x.io"));
            return null;
        });
        assertThat(db.store.<java.util.Set<String>>write(tx -> tx.tasks().members(db.project))).isEqualTo(Set.of("a@x.io", "b@x.io"));
        db.store.write(tx -> {
            tx.tasks().setMembers(db.project, List.of("c@x.io"));
            return null;
        });
        assertThat(db.store.<List<String>>read(c -> TaskReads.members(c, db.project))).containsExactly("c@x.io");
    }
}
