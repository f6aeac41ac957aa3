package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The latest heartbeat of one worker in a commit.
 *
 * @param queuesJson the worker's queues as a JSON array
 * @param heartbeatAt when the server received it (liveness is judged on the server's clock)
 * @param shutdown the worker announced it is stopping
 */
public record WorkerUpsert(ProjectId project, JobEnv env, String workerKey, String hostname, String pid,
                           String framework, Optional<String> language, Optional<String> sdkVersion,
                           OptionalInt concurrency, String queuesJson, long heartbeatAt, boolean shutdown) {
}
