package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalDouble;

/** One stored task event; (project, env, taskId, status, workerKey, attempt) is its identity. */
public record JobEventRow(String id, ProjectId project, JobEnv env, String taskId, String status, String workerKey,
                          int attempt, String taskName, String queue, String framework, String language,
                          OptionalDouble durationMs, OptionalDouble queuedMs, Optional<String> errorType,
                          Optional<String> errorMessage, long receivedAt) {
}
