package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One run of a cron monitor.
 *
 * @param clientId the SDK's check-in id, when it sent one
 * @param status {@code in_progress}, {@code ok}, {@code error}, {@code missed} or {@code timeout}
 * @param timeoutAt when an {@code in_progress} run times out
 */
public record CheckInRow(String id, ProjectId project, String monitorId, Optional<String> clientId, String status,
                         long startedAt, OptionalLong finishedAt, OptionalDouble durationMs,
                         Optional<String> environment, Optional<String> release, long receivedAt, long timeoutAt) {
}
