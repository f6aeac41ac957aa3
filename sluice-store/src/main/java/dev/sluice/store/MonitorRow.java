package dev.sluice.store;

import dev.sluice.protocol.MonitorConfig;
import dev.sluice.protocol.ProjectId;
import java.util.OptionalLong;

/**
 * A cron monitor as stored.
 *
 * @param config its schedule ({@code scheduleType} {@code none} until a client sends one)
 * @param nextExpectedAt when the next run should start; empty when it has no schedule
 */
public record MonitorRow(String id, ProjectId project, String slug, MonitorConfig config, long createdAt,
                         OptionalLong lastCheckinAt, java.util.Optional<String> lastStatus,
                         OptionalLong nextExpectedAt) {
}
