package dev.sluice.query;

import java.util.OptionalDouble;

/**
 * Finished runs of one task name in a time range.
 *
 * @param throughputPerMin finished runs per minute of the range
 * @param failureRate failed endings ({@code failed}, {@code timeout}, {@code stalled}, {@code revoked}) / finished
 * @param p50DurationMs nearest-rank median of the runs that have a duration
 */
public record TaskStats(String taskName, long finished, long failed, double throughputPerMin, double failureRate,
                        OptionalDouble p50DurationMs, OptionalDouble p95DurationMs) {
}
