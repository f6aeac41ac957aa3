package dev.sluice.digest;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.sluice.protocol.MonitorConfig;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When a cron monitor's next run is due: crontab expressions (five fields, as Sentry takes them, plus the
 * {@code @daily}-style nicknames) read in the monitor's time zone by cron-utils, or fixed intervals counted
 * from the last run's start.
 */
public final class MonitorSchedule {

    /** A monitor nobody gave a schedule: it is never missed, only failed or timed out. */
    public static final MonitorConfig NONE = new MonitorConfig("none", "", MonitorConfig.DEFAULT_MARGIN_MINUTES,
            MonitorConfig.DEFAULT_MAX_RUNTIME_MINUTES, "UTC");

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> NICKNAMES = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Map<String, ChronoUnit> UNITS = Map.of("minute", ChronoUnit.MINUTES, "hour", ChronoUnit.HOURS,
            "day", ChronoUnit.DAYS, "week", ChronoUnit.WEEKS, "month", ChronoUnit.MONTHS, "year", ChronoUnit.YEARS);

    private MonitorSchedule() {
    }

    /**
     * Checks a schedule a client sent.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validate(MonitorConfig config) {
        zone(config);
        if (config.checkinMarginMinutes() < 0 || config.maxRuntimeMinutes() < 1) {
            throw new IllegalArgumentException("checkin_margin must be >= 0 and max_runtime >= 1 minutes");
        }
        switch (config.scheduleType()) {
            case "crontab" -> cron(config.schedule());
            case "interval" -> interval(config.schedule());
            case "none" -> { }
            default -> throw new IllegalArgumentException("schedule type must be crontab or interval");
        }
    }

    /** The first due time strictly after {@code afterMillis}; empty without a schedule. */
    public static OptionalLong next(MonitorConfig config, long afterMillis) {
        ZonedDateTime after = Instant.ofEpochMilli(afterMillis).atZone(zone(config));
        return switch (config.scheduleType()) {
            case "crontab" -> ExecutionTime.forCron(cron(config.schedule())).nextExecution(after)
                    .map(t -> OptionalLong.of(t.toInstant().toEpochMilli())).orElse(OptionalLong.empty());
            case "interval" -> {
                String[] parts = config.schedule().split(" ");
                yield OptionalLong.of(after.plus(Long.parseLong(parts[0]), interval(config.schedule()))
                        .toInstant().toEpochMilli());
            }
            default -> OptionalLong.empty();
        };
    }

    private static Cron cron(String expression) {
        String e = NICKNAMES.getOrDefault(expression.trim().toLowerCase(Locale.ROOT), expression.trim());
        try {
            return PARSER.parse(e).validate();
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("invalid crontab '" + expression + "': " + ex.getMessage());
        }
    }

    private static ChronoUnit interval(String schedule) {
        String[] parts = schedule.split(" ");
        ChronoUnit unit = parts.length == 2 ? UNITS.get(parts[1]) : null;
        long n;
        try {
            n = parts.length == 2 ? Long.parseLong(parts[0]) : 0;
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (unit == null || n < 1 || n > 100_000) {
            throw new IllegalArgumentException("interval must be '<n> <unit>' with n >= 1 and unit one of "
                    + UNITS.keySet());
        }
        return unit;
    }

    private static ZoneId zone(MonitorConfig config) {
        try {
            return ZoneId.of(config.timezone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown timezone '" + config.timezone() + "'");
        }
    }
}
