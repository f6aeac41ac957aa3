package dev.sluice.web.view;

import java.util.List;

/**
 * The alert rule form's values (text as typed, so a refused form comes back as it was sent). Windows and
 * cooldowns are in minutes here; the REST API speaks seconds.
 *
 * @param id the rule being edited, or empty for a new one
 * @param hasSecret the stored webhook has a signing secret (never shown; a blank field keeps it)
 */
public record AlertRuleForm(String id, String name, String kind, String threshold, String windowMinutes,
                            String taskName, String cooldownMinutes, boolean enabled, String webhookUrl,
                            String webhookFormat, boolean hasSecret, String emailTo) {

    /** Every rule kind the REST API accepts, with what its threshold means. */
    public static final List<Kind> KINDS = List.of(
            new Kind("new_issue", "A new issue appears", ""),
            new Kind("regression", "A resolved issue comes back", ""),
            new Kind("issue_frequency", "An issue gets more than N events in the window", "events"),
            new Kind("job_failure_count", "A job task fails N times in the window", "failures"),
            new Kind("job_failure_rate", "A job task's failure rate exceeds R in the window", "rate 0–1"),
            new Kind("worker_offline", "A worker goes stale or offline", ""),
            new Kind("llm_cost", "LLM cost exceeds a budget per UTC day", "US dollars"),
            new Kind("quota", "The project reaches a percentage of its monthly job quota or its attachment quota", "percent"));

    /** A rule kind: its id, what it watches and the threshold's unit (empty: no threshold). */
    public record Kind(String id, String label, String unit) {
    }

    /** An empty form for a new rule. */
    public static AlertRuleForm blank() {
        return new AlertRuleForm("", "", "new_issue", "", "60", "", "60", true, "", "json", false, "");
    }

    /** What the rule of {@code kind} watches, for the rules table. */
    public static String label(String kind) {
        return KINDS.stream().filter(k -> k.id().equals(kind)).map(Kind::label).findFirst().orElse(kind);
    }

    public boolean isNew() {
        return id.isEmpty();
    }
}
