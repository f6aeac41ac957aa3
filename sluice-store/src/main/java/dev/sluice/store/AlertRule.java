package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Optional;

/**
 * An alert rule of a project.
 *
 * @param kind {@code new_issue}, {@code regression}, {@code issue_frequency}, {@code job_failure_count},
 *     {@code job_failure_rate}, {@code worker_offline}, {@code llm_cost}, {@code quota} or {@code cron_monitor}
 *     (a cron monitor's run failed, was missed or timed out)
 * @param threshold events (issue_frequency), failures (job_failure_count), a rate 0–1 (job_failure_rate),
 *     US dollars per UTC day (llm_cost) or a percentage of the monthly quota (quota)
 * @param windowSeconds the window of frequency and failure rules
 * @param taskName job rules: only this task name; cron_monitor: only the monitor of this slug
 * @param channelsJson the channels as a JSON array; {@code channelCount} of them
 * @param cooldownSeconds at most one notification per rule and subject (issue, worker, …) per cooldown
 */
public record AlertRule(String id, ProjectId project, String name, String kind, double threshold,
                        long windowSeconds, Optional<String> taskName, String channelsJson, int channelCount,
                        long cooldownSeconds, boolean enabled, long createdAt) {
}
