package dev.sluice.query;

import java.util.Optional;
import java.util.OptionalDouble;

/** One stored task event of a run. */
public record JobEventView(String id, String status, int attempt, String workerKey, OptionalDouble durationMs,
                          OptionalDouble queuedMs, Optional<String> errorType, Optional<String> errorMessage,
                          long receivedAt) {
}
