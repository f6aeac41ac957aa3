package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.AlertQueries;
import dev.sluice.query.Page;
import dev.sluice.server.alerts.Channel;
import dev.sluice.server.http.Json;
import dev.sluice.store.AlertDelivery;
import dev.sluice.store.AlertRule;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Alert rules and the delivery log (admin token). Webhook secrets are write-only: reads show
 * {@code "secret":"(set)"}.
 */
public final class AlertApi {

    private static final Set<String> FIELDS = Set.of("name", "kind", "threshold", "windowSeconds", "taskName",
            "channels", "cooldownSeconds", "enabled");

    private final Store store;
    private final AlertQueries queries;
    private final ApiSupport support;
    private final Clock clock;

    private AlertApi(Store store, Clock clock) {
        this.store = store;
        this.queries = AlertQueries.create(store);
        this.support = new ApiSupport(store);
        this.clock = clock;
    }

    /** Registers the alert routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        AlertApi api = new AlertApi(store, clock);
        String base = "/api/projects/{project}/";
        routing.get(base + "alert-rules", api.support.scoped(api::list))
                .post(base + "alert-rules", api.support.scoped(api::create))
                .delete(base + "alert-rules/{id}", api.support.scoped(api::delete))
                .get(base + "alert-deliveries", api.support.scoped(api::deliveries));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        queries.rules(project).forEach(r -> items.add(rule(r)));
        Json.send(res, Status.OK_200, ApiSupport.list(items));
    }

    private void create(ProjectId project, ServerRequest req, ServerResponse res) {
        AlertRule rule = save(store, clock, project, Optional.empty(), ApiSupport.jsonBody(req));
        Json.send(res, Status.CREATED_201, rule(rule));
    }

    /**
     * Validates a rule given as this API's JSON body and stores it: a new rule when {@code id} is empty, else
     * it replaces that rule of {@code project} (same id and creation time, so its state and delivery log stay).
     * A bad body is an {@link IllegalArgumentException}; an unknown {@code id} a {@link java.util.NoSuchElementException}.
     * The dashboard saves rules through here too, so both share one validation.
     */
    public static AlertRule save(Store store, Clock clock, ProjectId project, Optional<String> id, ObjectNode body) {
        for (String name : (Iterable<String>) body::fieldNames) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
        AlertRuleSpec spec = AlertRuleSpec.parse(body);
        int channels = Channel.parseAll(body.get("channels")).size();
        return store.write(tx -> {
            long created = clock.millis();
            if (id.isPresent()) {
                AlertRule old = tx.alerts().rule(id.get()).filter(r -> r.project().equals(project))
                        .orElseThrow(() -> new java.util.NoSuchElementException("unknown alert rule"));
                created = old.createdAt();
                tx.alerts().deleteRule(project, old.id());
            }
            AlertRule rule = new AlertRule(id.orElseGet(() -> UUID.randomUUID().toString()), project, spec.name(),
                    spec.kind(), spec.threshold(), spec.windowSeconds(), spec.taskName(),
                    body.get("channels").toString(), channels, spec.cooldownSeconds(), spec.enabled(), created);
            tx.alerts().insertRule(rule);
            return rule;
        });
    }

    private void delete(ProjectId project, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!store.write(tx -> tx.alerts().deleteRule(project, id))) {
            Json.error(res, Status.NOT_FOUND_404, "unknown alert rule");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void deliveries(ProjectId project, ServerRequest req, ServerResponse res) {
        Page<AlertDelivery> page = queries.deliveries(project, ApiSupport.query(req, "rule"),
                ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        Json.send(res, Status.OK_200, IssueJson.page(page, AlertApi::delivery));
    }

    private static ObjectNode rule(AlertRule r) {
        ObjectNode out = Json.object().put("id", r.id()).put("name", r.name()).put("kind", r.kind())
                .put("threshold", r.threshold()).put("windowSeconds", r.windowSeconds())
                .put("cooldownSeconds", r.cooldownSeconds()).put("enabled", r.enabled())
                .put("createdAt", Instant.ofEpochMilli(r.createdAt()).toString());
        r.taskName().ifPresent(t -> out.put("taskName", t));
        try {
            JsonNode channels = Json.MAPPER.readTree(r.channelsJson());
            channels.forEach(c -> {
                if (c.has("secret")) {
                    ((ObjectNode) c).put("secret", "(set)");
                }
            });
            out.set("channels", channels);
        } catch (IOException e) {
            out.put("channelsError", "stored channels are not JSON");
        }
        return out;
    }

    private static ObjectNode delivery(AlertDelivery d) {
        String status = d.deliveredAt().isPresent() ? "delivered" : d.failedAt().isPresent() ? "failed" : "pending";
        ObjectNode out = Json.object().put("id", d.id()).put("ruleId", d.ruleId()).put("channelIndex", d.channelIndex())
                .put("subject", d.subject()).put("status", status).put("attempts", d.attempts())
                .put("createdAt", Instant.ofEpochMilli(d.createdAt()).toString());
        d.deliveredAt().ifPresent(t -> out.put("deliveredAt", Instant.ofEpochMilli(t).toString()));
        d.failedAt().ifPresent(t -> out.put("failedAt", Instant.ofEpochMilli(t).toString()));
        d.lastError().ifPresent(e -> out.put("lastError", e));
        try {
            out.set("alert", Json.MAPPER.readTree(d.payloadJson()));
        } catch (IOException e) {
            out.put("alertError", "stored alert is not JSON");
        }
        return out;
    }

    /** A validated rule body. */
    record AlertRuleSpec(String name, String kind, double threshold, long windowSeconds, Optional<String> taskName,
                         long cooldownSeconds, boolean enabled) {

        static AlertRuleSpec parse(ObjectNode b) {
            String kind = b.path("kind").asText("");
            String name = b.path("name").asText(kind);
            if (name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("name must be 1-200 characters");
            }
            double threshold = b.path("threshold").asDouble(0);
            long window = b.path("windowSeconds").asLong(3600);
            long cooldown = b.path("cooldownSeconds").asLong(3600);
            if (cooldown < 0 || cooldown > 30L * 86_400) {
                throw new IllegalArgumentException("cooldownSeconds must be 0-2592000");
            }
            boolean windowed = Set.of("issue_frequency", "job_failure_count", "job_failure_rate").contains(kind);
            if (windowed && (window < 60 || window > 30L * 86_400)) {
                throw new IllegalArgumentException("windowSeconds must be 60-2592000");
            }
            switch (kind) {
                case "new_issue", "regression", "worker_offline", "cron_monitor" -> { }
                case "issue_frequency", "job_failure_count" -> require(threshold >= 1 && threshold == Math.rint(threshold),
                        "threshold must be a whole number >= 1");
                case "job_failure_rate" -> require(threshold > 0 && threshold <= 1, "threshold must be a rate in (0, 1]");
                case "llm_cost" -> require(threshold > 0, "threshold must be a daily budget in US dollars > 0");
                case "quota" -> require(threshold > 0 && threshold <= 100, "threshold must be a percentage in (0, 100]");
                default -> throw new IllegalArgumentException("kind must be one of new_issue, regression, "
                        + "issue_frequency, job_failure_count, job_failure_rate, worker_offline, llm_cost, quota, cron_monitor");
            }
            Optional<String> task = b.hasNonNull("taskName") ? Optional.of(b.get("taskName").asText()) : Optional.empty();
            return new AlertRuleSpec(name, kind, threshold, window, task, cooldown, b.path("enabled").asBoolean(true));
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
