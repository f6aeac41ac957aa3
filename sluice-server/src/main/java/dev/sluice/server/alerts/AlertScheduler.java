package dev.sluice.server.alerts;

import dev.sluice.digest.Alerting;
import dev.sluice.protocol.JobEnv;
import dev.sluice.query.AiUsageQueries;
import dev.sluice.query.AlertQueries;
import dev.sluice.query.AttachmentQueries;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.query.UsageRow;
import dev.sluice.query.WorkerQueries;
import dev.sluice.query.WorkerView;
import dev.sluice.server.periodic.Periodic;
import dev.sluice.store.AlertRule;
import dev.sluice.store.AttachmentWrites;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The time-driven alert rules, evaluated every {@link AlertConfig#schedulerEvery()} with the injected clock:
 * job failure count and rate over a window, workers gone stale or offline, LLM cost over a daily budget
 * (UTC day), and a project at a percentage of its monthly job quota or of its attachment quota (stored
 * attachment bytes). Only live data counts (job queries read
 * {@code env = 'live'}; AI generations have no test keys). Each alert is fired in its own transaction with
 * the cooldown ({@link Alerting}); cost and quota alerts name their period (day, month and threshold) and fire
 * once per period.
 */
public final class AlertScheduler {

    static final Set<String> KINDS = Set.of("job_failure_count", "job_failure_rate", "worker_offline", "llm_cost",
            "quota");
    /** A failure rate over fewer finished runs says little: one failed run of one is not 100 %. */
    static final long MIN_RUNS_FOR_RATE = 5;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final Store store;
    private final Clock clock;
    private final Alerting alerting;
    private final AlertQueries alerts;
    private final WorkerQueries workers;
    private final JobSettingsQueries jobSettings;
    private final AiUsageQueries ai;
    private final AttachmentQueries attachments;

    private AlertScheduler(Store store, Clock clock, Alerting alerting) {
        this.store = store;
        this.clock = clock;
        this.alerting = alerting;
        this.alerts = AlertQueries.create(store);
        this.workers = WorkerQueries.create(store, clock);
        this.jobSettings = JobSettingsQueries.create(store);
        this.ai = AiUsageQueries.create(store);
        this.attachments = AttachmentQueries.create(store);
    }

    /** A scheduler not yet running (tests call {@link #runOnce()}). */
    public static AlertScheduler create(Store store, Clock clock, Alerting alerting) {
        return new AlertScheduler(store, clock, alerting);
    }

    /** Evaluates the rules every {@code every} until the answer is closed. */
    public Periodic start(Duration every) {
        return Periodic.start("sluice-alert-rules", clock, every, every, this::runAt);
    }

    /** Evaluates every time-driven rule once; answers how many alerts were queued. */
    public int runOnce() {
        return runAt(clock.millis());
    }

    private int runAt(long now) {
        int fired = 0;
        for (AlertRule rule : alerts.enabled(KINDS)) {
            for (Map.Entry<String, Alerting.Message> e : evaluate(rule, now).entrySet()) {
                boolean perPeriod = rule.kind().equals("llm_cost") || rule.kind().equals("quota");
                if (store.write(tx -> perPeriod ? alerting.fireOnce(tx, rule, e.getKey(), e.getValue(), now)
                        : alerting.fire(tx, rule, e.getKey(), e.getValue(), now))) {
                    fired++;
                }
            }
        }
        return fired;
    }

    /** Subject → message of each alert the rule calls for now. */
    private Map<String, Alerting.Message> evaluate(AlertRule rule, long now) {
        Map<String, Alerting.Message> out = new LinkedHashMap<>();
        String scope = rule.taskName().orElse("all tasks");
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (rule.kind()) {
            case "job_failure_count", "job_failure_rate" -> {
                AlertQueries.JobOutcomes o = alerts.jobOutcomes(rule.project(), rule.taskName(),
                        now - rule.windowSeconds() * 1000);
                fields.put("finished", o.finished());
                fields.put("failed", o.failed());
                rule.taskName().ifPresent(t -> fields.put("taskName", t));
                String window = Duration.ofSeconds(rule.windowSeconds()).toString().substring(2).toLowerCase();
                boolean count = rule.kind().equals("job_failure_count") && o.failed() >= rule.threshold();
                boolean rate = rule.kind().equals("job_failure_rate") && o.finished() >= MIN_RUNS_FOR_RATE
                        && (double) o.failed() / o.finished() >= rule.threshold();
                if (count || rate) {
                    out.put("jobs:" + scope, new Alerting.Message("Job failures: " + scope,
                            o.failed() + " of " + o.finished() + " finished runs of " + scope + " failed in the last "
                                    + window, fields));
                }
            }
            case "worker_offline" -> {
                JobSettings settings = jobSettings.settings(rule.project());
                for (WorkerView w : workers.workers(rule.project(), JobEnv.LIVE, settings)) {
                    if (!w.status().equals("online")) {
                        Map<String, Object> f = new LinkedHashMap<>(fields);
                        f.put("workerKey", w.workerKey());
                        f.put("status", w.status());
                        f.put("lastHeartbeat", Instant.ofEpochMilli(w.lastHeartbeat()).toString());
                        out.put("worker:" + w.workerKey(), new Alerting.Message("Worker " + w.status() + ": "
                                + w.hostname(), "Worker " + w.workerKey() + " is " + w.status() + " (last heartbeat "
                                + Instant.ofEpochMilli(w.lastHeartbeat()) + ")", f));
                    }
                }
            }
            case "llm_cost" -> {
                Instant day = Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.DAYS);
                double cost = 0;
                for (UsageRow u : ai.totals(rule.project(), day, Instant.ofEpochMilli(now + 1))) {
                    cost += u.costUsd();
                }
                if (cost > rule.threshold()) {
                    fields.put("costUsd", cost);
                    fields.put("budgetUsd", rule.threshold());
                    out.put("llm_cost:" + day.toString().substring(0, 10), new Alerting.Message(
                            "LLM cost over budget", String.format("LLM cost today (UTC) is $%.2f, over the daily "
                                    + "budget of $%.2f", cost, rule.threshold()), fields));
                }
            }
            case "quota" -> {
                JobSettings settings = jobSettings.settings(rule.project());
                String month = MONTH.format(Instant.ofEpochMilli(now));
                long used = jobSettings.usage(rule.project(), month);
                if (settings.monthlyQuota() > 0 && used * 100.0 / settings.monthlyQuota() >= rule.threshold()) {
                    fields.put("used", used);
                    fields.put("quota", settings.monthlyQuota());
                    out.put("quota:" + month + ":" + (long) rule.threshold(), new Alerting.Message(
                            "Quota at " + (long) rule.threshold() + " %", "The project used " + used + " of its "
                                    + settings.monthlyQuota() + " monthly job events (" + month + ")", fields));
                }
                attachmentQuota(rule, month, out);
            }
            default -> { }
        }
        return out;
    }

    /**
     * The attachment quota is not monthly: its bytes stay used until retention purges them. It alerts under the
     * same rule as the job quota, once per month and threshold while the project stays at or over it, so a
     * project that sits at 85 % is reminded monthly rather than every tick, and one that drops below and comes
     * back in a later month is told again.
     */
    private void attachmentQuota(AlertRule rule, String month, Map<String, Alerting.Message> out) {
        AttachmentWrites.Quota q = attachments.quota(rule.project());
        if (q.maxBytes() <= 0 || q.usedBytes() * 100.0 / q.maxBytes() < rule.threshold()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("usedBytes", q.usedBytes());
        fields.put("maxBytes", q.maxBytes());
        out.put("attachment_quota:" + month + ":" + (long) rule.threshold(), new Alerting.Message(
                "Attachment quota at " + (long) rule.threshold() + " %", "The project stores " + q.usedBytes()
                        + " of its " + q.maxBytes() + " bytes of attachments; over the quota, attachments are dropped"
                        + " (the events are kept)", fields));
    }
}
