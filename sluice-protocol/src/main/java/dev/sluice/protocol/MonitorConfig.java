package dev.sluice.protocol;

/**
 * A cron monitor's schedule (Sentry's {@code monitor_config}).
 *
 * @param scheduleType {@code crontab} or {@code interval}
 * @param schedule the crontab expression, or {@code "<n> <unit>"} for intervals (unit: minute, hour, day,
 *     week, month, year)
 * @param checkinMarginMinutes how late a run may start before it counts as missed
 * @param maxRuntimeMinutes how long an {@code in_progress} run may last before it counts as timed out
 * @param timezone the IANA zone crontab times are read in
 */
public record MonitorConfig(String scheduleType, String schedule, long checkinMarginMinutes, long maxRuntimeMinutes,
                            String timezone) {

    /** Sentry's defaults: one minute of margin, 30 minutes of runtime, UTC. */
    public static final long DEFAULT_MARGIN_MINUTES = 1;
    public static final long DEFAULT_MAX_RUNTIME_MINUTES = 30;
}
