package dev.sluice.digest;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AlertRule;
import dev.sluice.store.WriteTx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event-driven alert rules — new issue, regression, an issue over N events in a window — decided from
 * each commit's {@link IssueActivity} and written to the outbox in that same transaction. Only live data
 * reaches issues (test keys never write), so test data never alerts.
 */
public final class IssueAlerts implements IssueObserver {

    static final Set<String> KINDS = Set.of("new_issue", "regression", "issue_frequency");

    private final Alerting alerting;

    private IssueAlerts(Alerting alerting) {
        this.alerting = alerting;
    }

    /** The observer firing through {@code alerting}. */
    public static IssueAlerts create(Alerting alerting) {
        return new IssueAlerts(alerting);
    }

    @Override
    public void observe(WriteTx tx, List<IssueActivity> activity, long now) {
        Map<ProjectId, List<AlertRule>> rulesBy = new LinkedHashMap<>();
        for (IssueActivity a : activity) {
            List<AlertRule> rules = rulesBy.computeIfAbsent(a.project(), p -> tx.alerts().rules(p, KINDS));
            for (AlertRule rule : rules) {
                matches(tx, rule, a, now).ifPresent(m -> alerting.fire(tx, rule, "issue:" + a.issueId(), m, now));
            }
        }
    }

    private static java.util.Optional<Alerting.Message> matches(WriteTx tx, AlertRule rule, IssueActivity a, long now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("issueId", a.issueId());
        fields.put("issueTitle", a.title());
        fields.put("level", a.level());
        fields.put("eventCount", a.eventCount());
        return switch (rule.kind()) {
            case "new_issue" -> a.created()
                    ? java.util.Optional.of(new Alerting.Message("New issue: " + a.title(),
                    "A new " + a.level() + " issue was seen: " + a.title(), fields)) : java.util.Optional.empty();
            case "regression" -> a.transition() == IssueRules.Transition.REGRESSED
                    ? java.util.Optional.of(new Alerting.Message("Regression: " + a.title(),
                    "A resolved issue happened again (" + a.eventCount() + " events in all): " + a.title(), fields))
                    : java.util.Optional.empty();
            case "issue_frequency" -> {
                long threshold = (long) rule.threshold();
                // Within the cooldown nothing would be sent: skip the count.
                if (a.occurrences() == 0 || !Alerting.due(tx.alerts().state(rule.id(), "issue:" + a.issueId()),
                        rule.cooldownSeconds() * 1000, now)) {
                    yield java.util.Optional.empty();
                }
                // This commit's occurrences are not inserted yet when observers run: count them on top.
                long recent = tx.alerts().recentIssueEvents(a.issueId(), now - rule.windowSeconds() * 1000,
                        threshold + 1) + a.occurrences();
                fields.put("windowEvents", recent);
                yield recent > threshold ? java.util.Optional.of(new Alerting.Message("Frequent issue: " + a.title(),
                        a.title() + ": more than " + threshold + " events in "
                                + Duration.ofSeconds(rule.windowSeconds()).toString().substring(2).toLowerCase(),
                        fields)) : java.util.Optional.empty();
            }
            default -> java.util.Optional.empty();
        };
    }
}
