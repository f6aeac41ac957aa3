package dev.sluice.web.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.query.Page;
import dev.sluice.query.TaskQueries;
import dev.sluice.query.TaskView;
import dev.sluice.store.TaskRecords.TaskChange;
import dev.sluice.store.TaskStatus;
import io.helidon.webserver.http.HttpRouting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** {@code /tasks} (Tailpoint tasks by status) and {@code /tasks/{id}} with its edit form. */
final class TaskPages {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>]+@[^@\\s\"<>]+");

    private final Web web;
    private final TaskQueries tasks;

    TaskPages(Web web) {
        this.web = web;
        this.tasks = TaskQueries.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/tasks", web.page("tasks", this::list))
                .get("/tasks/{id}", web.page("tasks", this::detail))
                .post("/tasks/{id}", web.action("tasks", this::edit));
    }

    private void list(Web.Ctx ctx) {
        List<TaskStatus> statuses = tasks.statuses(ctx.project().id());
        Optional<String> status = ctx.param("status");
        Optional<Long> statusId = status.map(s -> statuses.stream().filter(x -> x.name().equals(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status " + s)).id());
        TaskQueries.Filter filter = new TaskQueries.Filter(statusId, ctx.param("severity"), ctx.param("assignee"));
        Page<TaskView> page = tasks.list(ctx.project().id(), filter, ctx.param("cursor"), 50);
        web.render(ctx.res(), "tasks.jte", Map.of("chrome", ctx.chrome().titled("Tasks"), "page", page,
                "statuses", statuses, "status", status.orElse(""), "severity", ctx.param("severity").orElse(""),
                "assignee", ctx.param("assignee").orElse("")));
    }

    private void detail(Web.Ctx ctx) {
        TaskView task = task(ctx);
        web.render(ctx.res(), "task.jte", Map.of("chrome", ctx.chrome().titled(task.title()), "task", task,
                "statuses", tasks.statuses(ctx.project().id()), "saved", ctx.param("saved").isPresent()));
    }

    private void edit(Web.Ctx ctx) {
        TaskView task = task(ctx);
        List<TaskStatus> statuses = tasks.statuses(ctx.project().id());
        OptionalLong status = ctx.field("status").map(s -> OptionalLong.of(statuses.stream()
                .filter(x -> x.name().equals(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status " + s)).id()))
                .orElse(OptionalLong.empty());
        OptionalLong priority = OptionalLong.empty();
        if (ctx.field("priority").isPresent()) {
            try {
                long p = Long.parseLong(ctx.field("priority").get());
                if (p < 0) {
                    throw new NumberFormatException();
                }
                priority = OptionalLong.of(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Priority must be a whole number ≥ 0.");
            }
        }
        List<String> emails = Arrays.stream(ctx.field("assignees").orElse("").split("[,\\s]+"))
                .filter(s -> !s.isBlank()).map(String::toLowerCase).distinct().toList();
        for (String e : emails) {
            if (!EMAIL.matcher(e).matches()) {
                throw new IllegalArgumentException("Not an e-mail address: " + e);
            }
        }
        String assignees;
        try {
            assignees = MAPPER.writeValueAsString(emails);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        TaskChange change = new TaskChange(status, Optional.empty(), priority, Optional.of(assignees));
        web.store.write(tx -> tx.tasks().updateTask(ctx.project().id(), task.id(), change, web.clock.millis()));
        Web.redirect(ctx, "/tasks/" + task.id() + "?saved=1");
    }

    private TaskView task(Web.Ctx ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.path("id"));
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("No such task.");
        }
        return tasks.get(ctx.project().id(), id).orElseThrow(() -> new NoSuchElementException("No task " + id + "."));
    }

    /** The e-mail addresses of a stored assignee array, for display. */
    static String assignees(String json) {
        try {
            return String.join(", ", MAPPER.readValue(json, String[].class));
        } catch (JsonProcessingException | RuntimeException e) {
            return json;
        }
    }
}
