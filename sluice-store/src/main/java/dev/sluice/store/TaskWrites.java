package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.TaskRecords.Dedupe;
import dev.sluice.store.TaskRecords.Intake;
import dev.sluice.store.TaskRecords.IntakeIdentity;
import dev.sluice.store.TaskRecords.NewDedupe;
import dev.sluice.store.TaskRecords.NewTask;
import dev.sluice.store.TaskRecords.TaskChange;
import dev.sluice.store.TaskRecords.TaskState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Task operations inside one write transaction; each sees the effects of the ones before it. */
public interface TaskWrites {

    Optional<Intake> findIntake(IntakeIdentity identity);

    void insertIntake(IntakeIdentity identity, Intake intake, long receivedAt);

    /** The project's settings; every project has them from creation. */
    TaskSettings settings(ProjectId project);

    void putSettings(TaskSettings settings);

    List<TaskStatus> statuses(ProjectId project);

    /**
     * The live dedupe row of the key (after {@code create_new}, older rows of the key are superseded); at most
     * one exists, a unique index guarantees it.
     */
    Optional<Dedupe> latestDedupe(ProjectId project, String dedupeKey);

    /** Retires a dedupe row whose task stays closed while a new task takes over its key. */
    void supersedeDedupe(String dedupeId, long now);

    Optional<TaskState> task(ProjectId project, long taskId);

    /** Creates a task; answers its new numeric id. */
    long createTask(NewTask task);

    void insertDedupe(NewDedupe dedupe);

    /** Counts one more occurrence; replaces metadata/severity when given; answers the new count. */
    long bumpDedupe(String dedupeId, long seenAt, Optional<String> metadataJson, Optional<String> severity);

    /** Applies {@code change}; answers whether the task exists. */
    boolean updateTask(ProjectId project, long taskId, TaskChange change, long now);

    /** Active members' e-mail addresses, lower-case. */
    Set<String> members(ProjectId project);

    void setMembers(ProjectId project, Collection<String> emails);
}
