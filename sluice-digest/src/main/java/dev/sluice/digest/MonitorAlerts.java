package dev.sluice.digest;

import dev.sluice.store.AlertRule;
import dev.sluice.store.MonitorRow;
import dev.sluice.store.WriteTx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cron_monitor} alert rule: a monitor's run failed, was missed or timed out. A rule with a
 * {@code taskName} watches only the monitor of that slug. One notification per rule and monitor per cooldown.
 */
final class MonitorAlerts {

    static final Set<String> KINDS = Set.of("cron_monitor");

    private MonitorAlerts() {
    }

    /** Fires every matching rule of the monitor's project; answers how many alerts were queued. */
    static int fire(Alerting alerting, WriteTx tx, MonitorRow monitor, String reason, long runAt, long now) {
        int fired = 0;
        for (AlertRule rule : tx.alerts().rules(monitor.project(), KINDS)) {
            if (rule.taskName().isPresent() && !rule.taskName().get().equals(monitor.slug())) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("monitorSlug", monitor.slug());
            fields.put("reason", reason);
            fields.put("runAt", Instant.ofEpochMilli(runAt).toString());
            String what = switch (reason) {
                case "missed" -> "missed its check-in";
                case "timeout" -> "timed out (no end within " + monitor.config().maxRuntimeMinutes() + " minutes)";
                default -> "failed";
            };
            if (alerting.fire(tx, rule, "monitor:" + monitor.slug(), new Alerting.Message(
                    "Cron monitor " + reason + ": " + monitor.slug(),
                    "Monitor " + monitor.slug() + " " + what + " (run of " + Instant.ofEpochMilli(runAt) + ")", fields),
                    now)) {
                fired++;
            }
        }
        return fired;
    }
}
