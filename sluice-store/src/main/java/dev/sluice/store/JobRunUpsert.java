package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The aggregate of one commit's events of one run. Stored and new values merge field by field: the
 * descriptive fields and status come from whichever side has the greater (statusAttempt, statusPhase,
 * statusAt); {@code startedAt}/{@code firstSeen} take the minimum, {@code attempts}/{@code lastSeen} the
 * maximum; optional values never overwrite a known value with nothing.
 *
 * @param statusPhase 0 for {@code started}, 1 for {@code retried}, 2 for every finishing status
 */
public record JobRunUpsert(ProjectId project, JobEnv env, String taskId, String taskName, String queue,
                           String framework, String language, String workerKey, String status, int statusAttempt,
                           int statusPhase, long statusAt, int attempts, OptionalLong startedAt,
                           OptionalLong finishedAt, OptionalDouble durationMs, OptionalDouble queuedMs,
                           Optional<String> errorType, Optional<String> errorMessage, Optional<String> issueId,
                           Optional<String> parentId, Optional<String> chainId, long firstSeen, long lastSeen) {
}
