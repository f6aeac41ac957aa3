package dev.sluice.protocol;

import java.util.Optional;

/**
 * A worker's periodic sign of life.
 *
 * @param shutdown true when the worker says it is stopping
 */
public record WorkerHeartbeatItem(JobEnv env, String framework, Optional<String> language,
                                  Optional<String> sdkVersion, WorkerInfo worker, Optional<String> timestamp,
                                  boolean shutdown) implements JobItem {
}
