package dev.sluice.protocol;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One task lifecycle event ({@code started}, {@code succeeded}, {@code failed}, {@code retried},
 * {@code timeout}, {@code stalled}, or any other status string a client sends).
 *
 * @param attempt the attempt number as sent (0 is accepted: BullMQ counts attempts made)
 * @param durationMs {@code metrics.duration_ms} when sent
 * @param queuedMs {@code metrics.queued_ms} when sent
 */
public record JobEventItem(
        JobEnv env,
        String framework,
        String language,
        String sdkVersion,
        WorkerInfo worker,
        String taskName,
        String taskId,
        String queue,
        int attempt,
        Optional<String> parentId,
        Optional<String> chainId,
        String status,
        OptionalDouble durationMs,
        OptionalDouble queuedMs,
        Optional<JobError> error) implements JobItem {

    /** Task events carry no time of their own: they happened when they arrived. */
    @Override
    public Optional<String> timestamp() {
        return Optional.empty();
    }
}
