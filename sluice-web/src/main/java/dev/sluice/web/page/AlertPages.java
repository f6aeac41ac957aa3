package dev.sluice.web.page;

import dev.sluice.query.AlertQueries;
import dev.sluice.query.Page;
import dev.sluice.store.AlertDelivery;
import dev.sluice.store.AlertRule;
import dev.sluice.web.view.AlertRuleForm;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * {@code /alerts}: the project's alert rules (every kind the REST API takes) with their channels, a form to
 * create or edit one, and the delivery log. Rules are validated by the same code as the REST API; a refused
 * form comes back filled in with the reason.
 */
final class AlertPages {

    private static final int LOG_PAGE = 50;

    private final Web web;
    private final AlertQueries alerts;

    AlertPages(Web web) {
        this.web = web;
        this.alerts = AlertQueries.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/alerts", web.page("alerts", this::overview))
                .post("/alerts/rules", web.action("alerts", ctx -> save(ctx, Optional.empty())))
                .post("/alerts/rules/{id}", web.action("alerts", ctx -> save(ctx, Optional.of(ctx.path("id")))))
                .post("/alerts/rules/{id}/delete", web.action("alerts", this::delete));
    }

    private void overview(Web.Ctx ctx) {
        AlertRuleForm form = ctx.param("edit").map(id -> AlertForms.of(rule(ctx, id))).orElse(AlertRuleForm.blank());
        show(ctx, Status.OK_200, form, "");
    }

    private void save(Web.Ctx ctx, Optional<String> id) {
        Optional<AlertRule> stored = id.map(i -> rule(ctx, i));
        AlertRuleForm form = AlertForms.read(ctx, id.orElse(""));
        try {
            String json = AlertForms.body(form, ctx.field("webhookSecret").orElse(""), stored);
            String saved = web.hooks.saveAlertRule(ctx.project(), id, json);
            Web.redirect(ctx, "/alerts?done=" + (id.isPresent() ? "saved" : "created") + "&rule=" + Web.enc(saved));
        } catch (IllegalArgumentException e) {
            AlertRuleForm shown = stored.map(r -> new AlertRuleForm(form.id(), form.name(), form.kind(),
                    form.threshold(), form.windowMinutes(), form.taskName(), form.cooldownMinutes(), form.enabled(),
                    form.webhookUrl(), form.webhookFormat(), AlertForms.of(r).hasSecret(), form.emailTo())).orElse(form);
            show(ctx, Status.BAD_REQUEST_400, shown, e.getMessage());
        }
    }

    private void delete(Web.Ctx ctx) {
        String id = ctx.path("id");
        if (!web.store.write(tx -> tx.alerts().deleteRule(ctx.project().id(), id))) {
            throw new NoSuchElementException("No alert rule " + id + " in project " + ctx.project().name() + ".");
        }
        Web.redirect(ctx, "/alerts?done=deleted");
    }

    private AlertRule rule(Web.Ctx ctx, String id) {
        return alerts.rule(ctx.project().id(), id).orElseThrow(() -> new NoSuchElementException(
                "No alert rule " + id + " in project " + ctx.project().name() + "."));
    }

    private void show(Web.Ctx ctx, Status status, AlertRuleForm form, String problem) {
        List<AlertRule> rules = alerts.rules(ctx.project().id());
        Page<AlertDelivery> log = alerts.deliveries(ctx.project().id(), ctx.param("logRule"), ctx.param("cursor"),
                LOG_PAGE);
        Map<String, String> names = new HashMap<>();
        rules.forEach(r -> names.put(r.id(), r.name()));
        String done = ctx.param("done").map(d -> switch (d) {
            case "created" -> "Rule created.";
            case "saved" -> "Rule saved.";
            case "deleted" -> "Rule deleted.";
            default -> "";
        }).orElse("");
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", ctx.chrome().titled("Alerts"));
        params.put("rules", rules);
        params.put("forms", rules.stream().map(AlertForms::of).toList());
        params.put("form", form);
        params.put("problem", problem);
        params.put("done", done);
        params.put("log", log);
        params.put("ruleNames", names);
        params.put("logRule", ctx.param("logRule").orElse(""));
        web.render(ctx.res(), status, "alerts.jte", params);
    }
}
