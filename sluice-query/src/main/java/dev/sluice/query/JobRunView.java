package dev.sluice.query;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One job run, assembled from its events.
 *
 * @param durationMs the reported duration of the latest attempt, else finish minus start when both are known
 */
public record JobRunView(String taskId, String taskName, String queue, String framework, String language,
                         String workerKey, String status, int attempts, OptionalLong startedAt,
                         OptionalLong finishedAt, OptionalDouble durationMs, OptionalDouble queuedMs,
                         Optional<String> errorType, Optional<String> errorMessage, Optional<String> issueId,
                         Optional<String> parentId, Optional<String> chainId, long firstSeen, long lastSeen) {
}
