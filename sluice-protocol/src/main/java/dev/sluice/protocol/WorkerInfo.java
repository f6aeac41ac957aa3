package dev.sluice.protocol;

import java.util.List;
import java.util.OptionalInt;

/**
 * The worker process that sent a job item.
 *
 * @param pid the process id as text (clients send a number or a string)
 * @param concurrency absent when the client sent none or {@code null}
 */
public record WorkerInfo(String key, String hostname, String pid, OptionalInt concurrency, List<String> queues) {

    public WorkerInfo {
        queues = List.copyOf(queues);
    }
}
