package dev.sluice.server.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.digest.MonitorSchedule;
import dev.sluice.protocol.CheckInItem;
import dev.sluice.protocol.MonitorConfig;
import dev.sluice.server.ingest.Refusal;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * A Sentry {@code check_in} item as a cron-monitor check-in: {@code monitor_slug}, {@code status}
 * ({@code in_progress}, {@code ok}, {@code error}), {@code check_in_id}, {@code duration} in seconds, and an
 * optional {@code monitor_config} upsert ({@code schedule} crontab or interval, {@code checkin_margin},
 * {@code max_runtime}, {@code timezone}). A bad check-in is a 400 like a bad event.
 */
final class SentryCheckIns {

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private SentryCheckIns() {
    }

    static CheckInItem checkIn(ObjectNode p) throws Refusal {
        String slug = Nodes.text(p, "monitor_slug").orElse("");
        if (!SLUG.matcher(slug).matches()) {
            throw invalid("monitor_slug must be 1-128 letters, digits, '_', '.' or '-'");
        }
        String status = Nodes.text(p, "status").orElse("");
        if (!CheckInItem.STATUSES.contains(status)) {
            throw invalid("status must be one of in_progress, ok, error");
        }
        OptionalDouble duration = Nodes.seconds(p.get("duration"));
        if (duration.isPresent() && !(duration.getAsDouble() >= 0 && duration.getAsDouble() < 1e9)) {
            throw invalid("duration must be a number of seconds >= 0");
        }
        Optional<MonitorConfig> config = Optional.empty();
        if (p.get("monitor_config") instanceof ObjectNode c) {
            config = Optional.of(config(c));
        }
        return new CheckInItem(Nodes.text(p, "check_in_id").filter(s -> s.length() <= 64), slug, status, duration,
                Nodes.text(p, "environment"), Nodes.text(p, "release"), config, Optional.empty());
    }

    private static MonitorConfig config(ObjectNode c) throws Refusal {
        JsonNode schedule = c.path("schedule");
        String type = schedule.path("type").asText("");
        String value = switch (type) {
            case "crontab" -> schedule.path("value").asText("");
            case "interval" -> schedule.path("value").asLong(0) + " " + schedule.path("unit").asText("");
            default -> throw invalid("monitor_config.schedule.type must be crontab or interval");
        };
        MonitorConfig config = new MonitorConfig(type, value,
                c.path("checkin_margin").asLong(MonitorConfig.DEFAULT_MARGIN_MINUTES),
                c.path("max_runtime").asLong(MonitorConfig.DEFAULT_MAX_RUNTIME_MINUTES),
                Nodes.text(c, "timezone").orElse("UTC"));
        try {
            MonitorSchedule.validate(config);
        } catch (IllegalArgumentException e) {
            throw invalid("monitor_config: " + e.getMessage());
        }
        return config;
    }

    private static Refusal invalid(String message) {
        return Refusal.of(Refusal.Reason.INVALID, "invalid check_in: " + message);
    }
}
