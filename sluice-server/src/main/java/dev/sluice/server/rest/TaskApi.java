package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.Page;
import dev.sluice.query.TaskQueries;
import dev.sluice.query.TaskView;
import dev.sluice.server.http.Json;
import dev.sluice.server.tailpoint.TaskSettingsCache;
import dev.sluice.store.Store;
import dev.sluice.store.TaskRecords.TaskChange;
import dev.sluice.store.TaskSettings;
import dev.sluice.store.TaskStatus;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tasks as work items (admin token): list/filter/get, change status, priority and assignees; the project's
 * statuses, members and ingestion settings (default status, closed-task policy, reopen window, rate limit).
 */
public final class TaskApi {

    private final Store store;
    private final TaskQueries tasks;
    private final TaskSettingsCache cache;
    private final ApiSupport support;
    private final Clock clock;

    private TaskApi(Store store, TaskSettingsCache cache, Clock clock) {
        this.store = store;
        this.tasks = TaskQueries.create(store);
        this.cache = cache;
        this.support = new ApiSupport(store);
        this.clock = clock;
    }

    /** Registers the task routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, TaskSettingsCache cache, Clock clock) {
        TaskApi api = new TaskApi(store, cache, clock);
        String base = "/api/projects/{project}/";
        routing.get(base + "tasks", api.support.scoped(api::list))
                .get(base + "tasks/{id}", api.support.scoped(api::get))
                .patch(base + "tasks/{id}", api.support.scoped(api::change))
                .get(base + "task-statuses", api.support.scoped(api::statuses))
                .get(base + "task-settings", api.support.scoped(api::settings))
                .put(base + "task-settings", api.support.scoped(api::putSettings))
                .get(base + "members", api.support.scoped(api::members))
                .put(base + "members", api.support.scoped(api::putMembers));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        Optional<Long> status = ApiSupport.query(req, "status").map(s -> statusId(project, s));
        TaskQueries.Filter filter = new TaskQueries.Filter(status, ApiSupport.query(req, "severity"),
                ApiSupport.query(req, "assignee"));
        Page<TaskView> page = tasks.list(project, filter, ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        page.items().forEach(t -> items.add(task(t)));
        page.nextCursor().ifPresentOrElse(c -> out.put("nextCursor", c), () -> out.putNull("nextCursor"));
        Json.send(res, Status.OK_200, out);
    }

    private void get(ProjectId project, ServerRequest req, ServerResponse res) {
        Optional<TaskView> task = tasks.get(project, taskId(req));
        task.ifPresentOrElse(t -> Json.send(res, Status.OK_200, task(t)),
                () -> Json.error(res, Status.NOT_FOUND_404, "unknown task"));
    }

    private void change(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode body = ApiSupport.jsonBody(req);
        OptionalLong status = body.hasNonNull("status")
                ? OptionalLong.of(statusId(project, body.get("status").asText())) : OptionalLong.empty();
        OptionalLong priority = OptionalLong.empty();
        if (body.hasNonNull("priority")) {
            if (!body.get("priority").canConvertToExactIntegral() || body.get("priority").asLong() < 0) {
                throw new IllegalArgumentException("priority must be an integer >= 0");
            }
            priority = OptionalLong.of(body.get("priority").asLong());
        }
        Optional<String> assignees = Optional.empty();
        if (body.has("assignees")) {
            assignees = Optional.of(emails(body.get("assignees")).toString());
        }
        TaskChange change = new TaskChange(status, Optional.empty(), priority, assignees);
        long id = taskId(req);
        boolean found = store.write(tx -> tx.tasks().updateTask(project, id, change, clock.millis()));
        if (!found) {
            Json.error(res, Status.NOT_FOUND_404, "unknown task");
            return;
        }
        Json.send(res, Status.OK_200, task(tasks.get(project, id).orElseThrow()));
    }

    private void statuses(ProjectId project, ServerRequest req, ServerResponse res) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (TaskStatus s : tasks.statuses(project)) {
            out.addObject().put("id", s.id()).put("name", s.name()).put("terminal", s.terminal());
        }
        Json.send(res, Status.OK_200, Json.object().set("statuses", out));
    }

    private void settings(ProjectId project, ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, settings(project, tasks.settings(project)));
    }

    private void putSettings(ProjectId project, ServerRequest req, ServerResponse res) {
        ObjectNode body = ApiSupport.jsonBody(req);
        // Read, merge and write in one transaction: a concurrent partial update of other fields is kept.
        TaskSettings next = store.write(tx -> {
            tx.lock(java.util.List.of("task-settings\0" + project.value()));
            TaskSettings merged = merged(project, tx.tasks().settings(project), body);
            tx.tasks().putSettings(merged);
            return merged;
        });
        cache.invalidate(project);
        Json.send(res, Status.OK_200, settings(project, next));
    }

    private TaskSettings merged(ProjectId project, TaskSettings current, ObjectNode body) {
        long defaultStatus = body.hasNonNull("defaultStatus")
                ? statusId(project, body.get("defaultStatus").asText()) : current.defaultStatusId();
        String behavior = body.hasNonNull("closedTaskBehavior") ? body.get("closedTaskBehavior").asText()
                : current.closedBehavior();
        if (!TaskSettings.BEHAVIORS.contains(behavior)) {
            throw new IllegalArgumentException("closedTaskBehavior must be one of reopen, create_new, reopen_if_recent");
        }
        int window = positive(body, "reopenWindowDays", current.reopenWindowDays());
        int rate = positive(body, "ratePerMinute", current.ratePerMinute());
        return new TaskSettings(project, defaultStatus, behavior, window, rate);
    }

    private void members(ProjectId project, ServerRequest req, ServerResponse res) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        tasks.members(project).forEach(out::add);
        Json.send(res, Status.OK_200, Json.object().set("emails", out));
    }

    private void putMembers(ProjectId project, ServerRequest req, ServerResponse res) {
        List<String> emails = new ArrayList<>();
        emails(ApiSupport.jsonBody(req).get("emails")).forEach(e -> emails.add(e.asText()));
        store.write(tx -> {
            tx.tasks().setMembers(project, emails);
            return null;
        });
        members(project, req, res);
    }

    private static ArrayNode emails(JsonNode node) {
        if (!(node instanceof ArrayNode array)) {
            throw new IllegalArgumentException("expected an array of e-mail addresses");
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode e : array) {
            if (!e.isTextual() || e.textValue().isBlank() || e.textValue().length() > 255) {
                throw new IllegalArgumentException("e-mail addresses must be non-empty strings of at most 255 characters");
            }
            out.add(e.textValue().trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static int positive(ObjectNode body, String field, int fallback) {
        if (!body.hasNonNull(field)) {
            return fallback;
        }
        JsonNode v = body.get(field);
        if (!v.canConvertToExactIntegral() || v.asLong() < 1 || v.asLong() > 1_000_000) {
            throw new IllegalArgumentException(field + " must be an integer from 1 to 1000000");
        }
        return v.asInt();
    }

    /** A status given by name or numeric id. */
    private long statusId(ProjectId project, String nameOrId) {
        return tasks.statuses(project).stream()
                .filter(s -> s.name().equals(nameOrId) || Long.toString(s.id()).equals(nameOrId))
                .mapToLong(TaskStatus::id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status: " + nameOrId));
    }

    private static long taskId(ServerRequest req) {
        try {
            return Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task ids are numbers");
        }
    }

    private ObjectNode settings(ProjectId project, TaskSettings s) {
        String status = tasks.statuses(project).stream().filter(x -> x.id() == s.defaultStatusId())
                .map(TaskStatus::name).findFirst().orElse("?");
        return Json.object().put("defaultStatus", status).put("defaultStatusId", s.defaultStatusId())
                .put("closedTaskBehavior", s.closedBehavior()).put("reopenWindowDays", s.reopenWindowDays())
                .put("ratePerMinute", s.ratePerMinute());
    }

    private static ObjectNode task(TaskView t) {
        ObjectNode out = Json.object().put("id", t.id()).put("title", t.title()).put("status", t.status())
                .put("statusId", t.statusId()).put("priority", t.priority()).put("severity", t.severity())
                .put("source", t.source()).put("occurrenceCount", t.occurrenceCount())
                .put("createdAt", Instant.ofEpochMilli(t.createdAt()).toString())
                .put("updatedAt", Instant.ofEpochMilli(t.updatedAt()).toString());
        t.description().ifPresent(d -> out.put("description", d));
        t.descriptionHtml().ifPresent(d -> out.put("descriptionHtml", d));
        t.firstSeen().ifPresent(f -> out.put("firstSeen", Instant.ofEpochMilli(f).toString()));
        t.lastSeen().ifPresent(l -> out.put("lastSeen", Instant.ofEpochMilli(l).toString()));
        ArrayNode keys = out.putArray("dedupeKeys");
        t.dedupeKeys().forEach(keys::add);
        try {
            out.set("assignees", Json.MAPPER.readTree(t.assigneesJson()));
            if (t.customFieldsJson().isPresent()) {
                out.set("customFields", Json.MAPPER.readTree(t.customFieldsJson().get()));
            }
            if (t.metadataJson().isPresent()) {
                out.set("metadata", Json.MAPPER.readTree(t.metadataJson().get()));
            }
        } catch (IOException e) {
            out.put("detailError", "stored JSON is unreadable");
        }
        return out;
    }
}
