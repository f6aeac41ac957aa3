package dev.sluice.query;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One worker and its liveness at read time.
 *
 * @param status {@code online}, {@code stale} or {@code offline} (see {@link WorkerLiveness})
 */
public record WorkerView(String workerKey, String hostname, String pid, String framework, Optional<String> language,
                         Optional<String> sdkVersion, OptionalInt concurrency, List<String> queues, long firstSeen,
                         long lastHeartbeat, String status) {

    public WorkerView {
        queues = List.copyOf(queues);
    }
}
