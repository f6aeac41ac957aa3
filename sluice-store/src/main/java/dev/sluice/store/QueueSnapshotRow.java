package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One queue-depth point.
 *
 * @param dedupeKey the identity of a re-send (queue, worker, client timestamp), when the client sent a time
 */
public record QueueSnapshotRow(String id, ProjectId project, JobEnv env, String queue, Optional<String> workerKey,
                               String framework, long depth, long active, long failed,
                               OptionalDouble throughputPerMin, OptionalDouble latencySeconds, long occurredAt,
                               long receivedAt, Optional<String> dedupeKey) {
}
