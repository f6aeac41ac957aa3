package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.server.http.Json;
import dev.sluice.store.GroupingSettings;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code GET/PUT /api/projects/{p}/grouping}: the project's grouping rule ({@code ruleVersion} 1 or 2). Changing
 * the rule opens a transition window ({@code transitionDays}, default 7) in which an event that matches an
 * issue of the previous rule stays in that issue.
 */
public final class GroupingApi {

    static final int DEFAULT_TRANSITION_DAYS = 7;

    private final Store store;
    private final ApiSupport support;
    private final Clock clock;

    private GroupingApi(Store store, Clock clock) {
        this.store = store;
        this.support = new ApiSupport(store);
        this.clock = clock;
    }

    /** Registers the routes. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        GroupingApi api = new GroupingApi(store, clock);
        routing.get("/api/projects/{project}/grouping", api.support.scoped(api::get))
                .put("/api/projects/{project}/grouping", api.support.scoped(api::put));
    }

    private void get(ProjectId project, ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, json(store.write(tx -> tx.grouping().settings(project))));
    }

    private void put(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode body = ApiSupport.jsonBody(req);
        JsonNode rule = body.get("ruleVersion");
        if (rule == null || !rule.canConvertToExactIntegral() || (rule.asInt() != 1 && rule.asInt() != 2)) {
            throw new IllegalArgumentException("ruleVersion must be 1 or 2");
        }
        JsonNode daysNode = body.get("transitionDays");
        if (daysNode != null && (!daysNode.canConvertToExactIntegral() || daysNode.asInt() < 0
                || daysNode.asInt() > 365)) {
            throw new IllegalArgumentException("transitionDays must be an integer from 0 to 365");
        }
        int days = daysNode == null ? DEFAULT_TRANSITION_DAYS : daysNode.asInt();
        long now = clock.millis();
        GroupingSettings next = store.write(tx -> {
            GroupingSettings current = tx.grouping().settings(project);
            GroupingSettings changed = current.ruleVersion() == rule.asInt() ? current
                    : new GroupingSettings(rule.asInt(), OptionalInt.of(current.ruleVersion()),
                            OptionalLong.of(now + Duration.ofDays(days).toMillis()));
            tx.grouping().putSettings(project, changed, now);
            return changed;
        });
        Json.send(res, Status.OK_200, json(next));
    }

    private ObjectNode json(GroupingSettings s) {
        ObjectNode out = Json.object().put("ruleVersion", s.ruleVersion());
        if (s.inTransition(clock.millis())) {
            out.put("previousRuleVersion", s.previousVersion().getAsInt())
                    .put("transitionUntil", Instant.ofEpochMilli(s.transitionUntil().getAsLong()).toString());
        }
        return out;
    }
}
