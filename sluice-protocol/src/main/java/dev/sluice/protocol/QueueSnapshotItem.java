package dev.sluice.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Queue depths at one moment, from the nested ({@code queues[]}) or a flat (one queue) snapshot form. */
public record QueueSnapshotItem(JobEnv env, String framework, Optional<String> workerKey, List<QueueDepth> queues,
                                Optional<String> timestamp) implements JobItem {

    public QueueSnapshotItem {
        queues = List.copyOf(queues);
    }

    /**
     * One queue's counts.
     *
     * @param throughputPerMin as sent (SDKs send 0)
     * @param latencySeconds the Sidekiq add-on's latency, which it sends in {@code throughput_per_min}
     */
    public record QueueDepth(String name, long depth, long active, long failed, OptionalDouble throughputPerMin,
                             OptionalDouble latencySeconds) {
    }
}
