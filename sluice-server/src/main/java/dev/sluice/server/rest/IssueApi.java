package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.IssueCommands;
import dev.sluice.query.IssueFilter;
import dev.sluice.query.IssueQueries;
import dev.sluice.query.IssueSummary;
import dev.sluice.query.Occurrence;
import dev.sluice.query.Page;
import dev.sluice.server.http.Json;
import dev.sluice.store.IssueStatusChange;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Issues over REST (admin token): the filtered list, one issue with recent occurrences, its occurrences,
 * status changes (one or bulk) and merges. Status bodies follow Sentry's shape:
 * {@code {"status":"resolved","statusDetails":{"inNextRelease":true}}}.
 */
public final class IssueApi {

    private static final int RECENT_OCCURRENCES = 20;

    private final ApiSupport support;
    private final IssueQueries issues;
    private final IssueCommands commands;
    private final Clock clock;

    private IssueApi(Store store, Clock clock) {
        this.support = new ApiSupport(store);
        this.issues = IssueQueries.create(store, clock);
        this.commands = IssueCommands.create(store, clock);
        this.clock = clock;
    }

    /** Registers the issue routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock) {
        IssueApi api = new IssueApi(store, clock);
        String base = "/api/projects/{project}/issues";
        routing.get(base, api.support.scoped(api::list))
                .patch(base, api.support.scoped(api::bulkStatus))
                .get(base + "/{id}", api.support.scoped(api::get))
                .patch(base + "/{id}", api.support.scoped(api::status))
                .post(base + "/{id}/merge", api.support.scoped(api::merge))
                .get(base + "/{id}/events", api.support.scoped(api::occurrences));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            if (!name.equals("cursor") && !name.equals("limit")) {
                filters.put(name, req.query().first(name).orElse(""));
            }
        }
        Page<IssueSummary> page = issues.list(project, IssueFilter.parse(filters), ApiSupport.query(req, "cursor"),
                ApiSupport.limit(req));
        Json.send(res, Status.OK_200, IssueJson.page(page, IssueJson::issue));
    }

    private void get(ProjectId project, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<IssueSummary> issue = issues.get(project, id);
        if (issue.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown issue");
            return;
        }
        ObjectNode out = IssueJson.issue(issue.get());
        Page<Occurrence> recent = issues.occurrences(project, id, Optional.empty(), RECENT_OCCURRENCES);
        out.set("recentEvents", IssueJson.page(recent, IssueJson::occurrence));
        Json.send(res, Status.OK_200, out);
    }

    private void occurrences(ProjectId project, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Page<Occurrence> page = issues.occurrences(project, id, ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        Json.send(res, Status.OK_200, IssueJson.page(page, IssueJson::occurrence));
    }

    private void status(ProjectId project, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        IssueStatusChange change = StatusBody.parse(ApiSupport.jsonBody(req), clock, Set.of());
        if (commands.setStatus(project, List.of(id), change).isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown issue");
            return;
        }
        Json.send(res, Status.OK_200, IssueJson.issue(issues.get(project, id).orElseThrow()));
    }

    private void bulkStatus(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode body = ApiSupport.jsonBody(req);
        List<String> ids = ids(body.get("ids"), "ids");
        IssueStatusChange change = StatusBody.parse(body, clock, Set.of("ids"));
        List<String> updated = commands.setStatus(project, ids, change);
        Set<String> done = new HashSet<>(updated);
        ObjectNode out = Json.object();
        ArrayNode u = out.putArray("updated");
        updated.forEach(u::add);
        ArrayNode missing = out.putArray("notFound");
        ids.stream().filter(i -> !done.contains(i)).distinct().forEach(missing::add);
        Json.send(res, Status.OK_200, out);
    }

    private void merge(ProjectId project, ServerRequest req, ServerResponse res) {
        String target = req.path().pathParameters().get("id");
        ObjectNode body = ApiSupport.jsonBody(req);
        for (String name : (Iterable<String>) body::fieldNames) {
            if (!name.equals("sources")) {
                throw new IllegalArgumentException("unknown field '" + name + "'; send {\"sources\":[issue ids]}");
            }
        }
        Optional<String> problem = commands.merge(project, target, ids(body.get("sources"), "sources"));
        if (problem.isPresent()) {
            Json.error(res, Status.BAD_REQUEST_400, problem.get());
            return;
        }
        Json.send(res, Status.OK_200, IssueJson.issue(issues.get(project, target).orElseThrow()));
    }

    private static List<String> ids(JsonNode node, String field) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(field + " must be a non-empty array of issue ids");
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> {
            if (!n.isTextual()) {
                throw new IllegalArgumentException(field + " must hold issue ids (strings)");
            }
            out.add(n.asText());
        });
        if (out.size() > IssueCommands.MAX_BULK) {
            throw new IllegalArgumentException("at most " + IssueCommands.MAX_BULK + " issues per request");
        }
        return out;
    }
}
