package dev.sluice.digest;

import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.TaskItem;
import dev.sluice.protocol.TaskOutcome;
import dev.sluice.store.TaskRecords.Dedupe;
import dev.sluice.store.TaskRecords.Intake;
import dev.sluice.store.TaskRecords.IntakeIdentity;
import dev.sluice.store.TaskRecords.NewDedupe;
import dev.sluice.store.TaskRecords.NewTask;
import dev.sluice.store.TaskRecords.TaskChange;
import dev.sluice.store.TaskRecords.TaskState;
import dev.sluice.store.TaskSettings;
import dev.sluice.store.TaskStatus;
import dev.sluice.store.TaskWrites;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Tailpoint task events, one at a time in arrival order (each may see the task the previous one created):
 * idempotent replays, dedupe onto an existing task with the project's closed-task policy, or a new task.
 * Outcomes that the protocol remembers (accepted and rejected intake events) are written in the same
 * transaction, so a replay after a restart answers the same.
 */
final class TaskDigest implements FamilyDigest {

    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    private final Clock clock;
    private final Ids ids;

    TaskDigest(Clock clock, Ids ids) {
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        lockDecisions(tx, batches);
        Catalog catalog = null;
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (item instanceof TaskItem task) {
                    catalog = catalog == null ? new Catalog(tx.tasks()) : catalog;
                    outcomes[b][i] = apply(catalog, batch.project(), task, batch.receivedAt().toEpochMilli());
                }
            }
        }
    }

    /**
     * Every dedupe key and idempotency key of the group is locked before anything is read: another node
     * deciding on the same key waits for this commit and then sees its task or stored outcome, so a key never
     * gets two tasks and a replay never races its original. One call locks them all in a fixed order.
     */
    private static void lockDecisions(WriteTx tx, List<IngestBatch> batches) {
        Set<String> keys = new java.util.HashSet<>();
        for (IngestBatch batch : batches) {
            for (Item item : batch.items()) {
                if (item instanceof TaskItem task) {
                    String project = batch.project().value();
                    task.taskDedupeKey().ifPresent(k -> keys.add("task-dedupe\0" + project + "\0" + k));
                    task.idempotencyKey().ifPresent(k -> keys.add("task-intake\0" + project + "\0" + task.channel()
                            + "\0" + task.keyId() + "\0" + k));
                }
            }
        }
        if (!keys.isEmpty()) {
            tx.lock(keys);
        }
    }

    /**
     * Settings and statuses read once per commit and project: nothing in a commit changes them, and they
     * would otherwise be two extra queries per event on the synchronous path.
     */
    private record Catalog(TaskWrites tasks, Map<ProjectId, TaskSettings> settings,
                           Map<ProjectId, List<TaskStatus>> statuses) {
        Catalog(TaskWrites tasks) {
            this(tasks, new HashMap<>(), new HashMap<>());
        }

        TaskSettings settings(ProjectId project) {
            return settings.computeIfAbsent(project, tasks::settings);
        }

        boolean terminal(ProjectId project, long statusId) {
            return statuses.computeIfAbsent(project, tasks::statuses).stream()
                    .anyMatch(s -> s.id() == statusId && s.terminal());
        }
    }

    private ItemOutcome apply(Catalog catalog, ProjectId project, TaskItem item, long received) {
        TaskWrites tasks = catalog.tasks();
        // Without a client idempotency key the original stores the intake under a random key, which no later
        // request can ever match: the lookup and the record would be pure cost on the synchronous path, so
        // only keyed events are remembered (their event id is still unique and opaque to the client).
        Optional<IntakeIdentity> identity = item.idempotencyKey()
                .map(key -> new IntakeIdentity(project, item.channel(), "ingest-key:" + item.keyId(), key));
        Optional<Intake> previous = identity.flatMap(tasks::findIntake);
        if (previous.isPresent()) {
            return replay(previous.get());
        }
        String eventId = ids.next();
        long now = clock.millis();
        long seenAt = item.occurredAt().map(java.time.Instant::toEpochMilli).orElse(received);
        TaskSettings settings = catalog.settings(project);
        ItemOutcome outcome = decide(catalog, project, item, settings, eventId, seenAt, now);
        if (identity.isPresent()) {
            Intake intake = switch (outcome) {
                case TaskOutcome t -> new Intake(eventId, ACCEPTED, t.created(), OptionalLong.of(t.taskId()),
                        OptionalLong.of(t.occurrenceCount()));
                default -> new Intake(eventId, REJECTED, false, OptionalLong.empty(), OptionalLong.empty());
            };
            tasks.insertIntake(identity.get(), intake, seenAt);
        }
        return outcome;
    }

    private static ItemOutcome replay(Intake previous) {
        if (previous.state().equals(ACCEPTED)) {
            return new TaskOutcome(previous.created(), previous.taskId().orElseThrow(),
                    previous.occurrenceCount().orElseThrow(), previous.id(), true);
        }
        return new ItemOutcome.Rejected(409, "CONFLICT", "Intake event cannot be processed from " + previous.state());
    }

    private ItemOutcome decide(Catalog catalog, ProjectId project, TaskItem item, TaskSettings settings,
                               String eventId, long seenAt, long now) {
        TaskWrites tasks = catalog.tasks();
        Optional<Dedupe> dedupe = item.taskDedupeKey().flatMap(k -> tasks.latestDedupe(project, k));
        if (dedupe.isEmpty()) {
            return create(tasks, project, item, settings, eventId, seenAt, now, Optional.empty());
        }
        Optional<TaskState> task = tasks.task(project, dedupe.get().taskId());
        if (task.isEmpty()) {
            return new ItemOutcome.Rejected(409, "CONFLICT", "Previously ingested task no longer exists");
        }
        boolean terminal = catalog.terminal(project, task.get().statusId());
        ClosedTaskPolicy.Action action = ClosedTaskPolicy.decide(terminal, settings.closedBehavior(),
                settings.reopenWindowDays(), task.get().updatedAt(), now);
        if (action == ClosedTaskPolicy.Action.CREATE) {
            return create(tasks, project, item, settings, eventId, seenAt, now, Optional.of(dedupe.get().id()));
        }
        long count = tasks.bumpDedupe(dedupe.get().id(), seenAt, item.metadataJson(), item.severity());
        Optional<String> newSeverity = item.severity().filter(s -> !s.equals(task.get().severity()));
        OptionalLong reopenTo = action == ClosedTaskPolicy.Action.REOPEN
                ? OptionalLong.of(settings.defaultStatusId()) : OptionalLong.empty();
        if (newSeverity.isPresent() || reopenTo.isPresent()) {
            tasks.updateTask(project, task.get().id(), new TaskChange(reopenTo, newSeverity, OptionalLong.empty(),
                    Optional.empty()), now);
        }
        return new TaskOutcome(false, task.get().id(), count, eventId, false);
    }

    /** Creates a task; {@code supersedes} names the dedupe row of a closed task that hands its key over. */
    private ItemOutcome create(TaskWrites tasks, ProjectId project, TaskItem item, TaskSettings settings,
                               String eventId, long seenAt, long now, Optional<String> supersedes) {
        if (!item.assigneeEmails().isEmpty()) {
            Set<String> members = tasks.members(project);
            List<String> strangers = item.assigneeEmails().stream().filter(e -> !members.contains(e)).toList();
            if (!strangers.isEmpty()) {
                return new ItemOutcome.Rejected(400, "BAD_REQUEST",
                        "Assignees must be active project members: " + String.join(", ", strangers));
            }
        }
        String severity = item.severity().orElse("medium");
        // The closed task keeps its history; its key now belongs to the new task.
        supersedes.ifPresent(id -> tasks.supersedeDedupe(id, now));
        long taskId = tasks.createTask(new NewTask(project, item.title(), item.description(), item.descriptionHtml(),
                settings.defaultStatusId(), item.priority().orElse(0), severity, item.source(),
                jsonArray(item.assigneeEmails()), item.customFieldsJson(), now));
        item.taskDedupeKey().ifPresent(key -> tasks.insertDedupe(new NewDedupe(ids.next(), project, key, taskId,
                item.source(), severity, item.metadataJson(), seenAt)));
        return new TaskOutcome(true, taskId, 1, eventId, false);
    }

    /** Assignee lists as a JSON array of strings. */
    static String jsonArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            JsonText.string(out, v);
        }
        return out.append(']').toString();
    }
}
