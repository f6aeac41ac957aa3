package dev.sluice.web.page;

import dev.sluice.query.JobSettingsQueries;
import dev.sluice.query.TaskQueries;
import dev.sluice.store.ApiKey;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Project;
import dev.sluice.store.TaskSettings;
import dev.sluice.store.TaskStatus;
import dev.sluice.web.view.Snippets;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code /settings}: projects, keys (create — the raw key is shown once with setup snippets —, revoke), task
 * settings, job settings and members of the current project.
 */
final class SettingsPages {

    private final Web web;
    private final TaskQueries tasks;
    private final JobSettingsQueries jobs;

    SettingsPages(Web web) {
        this.web = web;
        this.tasks = TaskQueries.create(web.store);
        this.jobs = JobSettingsQueries.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        // Members may look; only admins change settings, keys and projects.
        routing.get("/settings", web.page("settings", this::page))
                .post("/settings/projects", web.adminAction("settings", this::createProject))
                .post("/settings/keys", web.adminAction("settings", this::createKey))
                .post("/settings/keys/{id}/revoke", web.adminAction("settings", this::revokeKey))
                .post("/settings/tasks", web.adminAction("settings", this::taskSettings))
                .post("/settings/jobs", web.adminAction("settings", this::jobSettings))
                .post("/settings/members", web.adminAction("settings", this::members));
    }

    private void page(Web.Ctx ctx) {
        Project p = ctx.project();
        List<ApiKey> keys = web.store.listKeys().stream().filter(k -> k.project().equals(p.id())).toList();
        web.render(ctx.res(), "settings.jte", Map.ofEntries(Map.entry("chrome", ctx.chrome().titled("Settings")),
                Map.entry("projectNumber", p.number()), Map.entry("keys", keys),
                Map.entry("kinds", web.hooks.keyKinds()), Map.entry("statuses", tasks.statuses(p.id())),
                Map.entry("taskSettings", tasks.settings(p.id())), Map.entry("jobSettings", jobs.settings(p.id())),
                Map.entry("members", tasks.members(p.id())), Map.entry("baseUrl", baseUrl(ctx)),
                Map.entry("notice", ctx.param("done").orElse("")),
                Map.entry("people", People.of(web.store.accounts(), p, ctx.session().admin()))));
    }

    private void createProject(Web.Ctx ctx) {
        String name = ctx.field("name").orElseThrow(() -> new IllegalArgumentException("A project needs a name."));
        Project created = web.hooks.createProject(name);
        Web.redirect(ctx, "/settings?project=" + Web.enc(created.name()) + "&done=project");
    }

    private void createKey(Web.Ctx ctx) {
        String kind = ctx.field("kind").filter(k -> web.hooks.keyKinds().contains(k))
                .orElseThrow(() -> new IllegalArgumentException("Choose one of: " + web.hooks.keyKinds()));
        String raw = web.hooks.createKey(ctx.project(), kind);
        web.render(ctx.res(), "keyCreated.jte", Map.of("chrome", ctx.chrome().titled("New key"), "kind", kind,
                "key", raw, "snippets", Snippets.forKey(kind, raw, baseUrl(ctx), ctx.project().number())));
    }

    private void revokeKey(Web.Ctx ctx) {
        String id = ctx.path("id");
        // Only a key of the current project: the id alone must not reach another project's keys.
        boolean ours = web.store.listKeys().stream()
                .anyMatch(k -> k.id().equals(id) && k.project().equals(ctx.project().id()) && k.active());
        if (!ours || !web.hooks.revokeKey(id)) {
            throw new NoSuchElementException("No active key " + id + " in this project.");
        }
        Web.redirect(ctx, "/settings?done=revoked");
    }

    private void taskSettings(Web.Ctx ctx) {
        TaskSettings current = tasks.settings(ctx.project().id());
        List<TaskStatus> statuses = tasks.statuses(ctx.project().id());
        long status = ctx.field("defaultStatus").map(s -> statuses.stream().filter(x -> x.name().equals(s))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown status " + s)).id())
                .orElse(current.defaultStatusId());
        String behavior = ctx.field("closedTaskBehavior").orElse(current.closedBehavior());
        if (!TaskSettings.BEHAVIORS.contains(behavior)) {
            throw new IllegalArgumentException("Closed-task behaviour must be one of " + TaskSettings.BEHAVIORS);
        }
        TaskSettings next = new TaskSettings(ctx.project().id(), status, behavior,
                (int) whole(ctx, "reopenWindowDays", current.reopenWindowDays(), 1),
                (int) whole(ctx, "ratePerMinute", current.ratePerMinute(), 1));
        web.store.write(tx -> {
            tx.tasks().putSettings(next);
            return null;
        });
        Web.redirect(ctx, "/settings?done=tasks");
    }

    private void jobSettings(Web.Ctx ctx) {
        JobSettings old = jobs.settings(ctx.project().id());
        JobSettings next = new JobSettings(ctx.field("planTier").orElse(old.planTier()),
                whole(ctx, "monthlyQuota", old.monthlyQuota(), 0), whole(ctx, "ratePerMinute", old.ratePerMinute(), 1),
                whole(ctx, "heartbeatIntervalSeconds", old.heartbeatIntervalSeconds(), 1),
                (int) whole(ctx, "staleAfterMissed", old.staleAfterMissed(), 1),
                ctx.field("pauseIngest").isPresent(), old.pauseUntilMs());
        web.store.write(tx -> {
            tx.jobs().putSettings(ctx.project().id(), next, web.clock.millis());
            return null;
        });
        Web.redirect(ctx, "/settings?done=jobs");
    }

    private void members(Web.Ctx ctx) {
        List<String> emails = Arrays.stream(ctx.field("emails").orElse("").split("[,\\s]+"))
                .filter(s -> !s.isBlank()).map(s -> s.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        for (String e : emails) {
            if (e.length() > 255 || !e.contains("@")) {
                throw new IllegalArgumentException("Not an e-mail address: " + e);
            }
        }
        web.store.write(tx -> {
            tx.tasks().setMembers(ctx.project().id(), emails);
            return null;
        });
        Web.redirect(ctx, "/settings?done=members");
    }

    private static long whole(Web.Ctx ctx, String field, long fallback, long min) {
        if (ctx.field(field).isEmpty()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(ctx.field(field).get());
            if (v < min || v > 1_000_000_000_000L) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number ≥ " + min + ".");
        }
    }

    /** The URL SDKs should use: how the browser reached us (Host header, TLS per the proxy). */
    static String baseUrl(Web.Ctx ctx) {
        String host = ctx.req().headers().first(HeaderNames.HOST).orElse("127.0.0.1:3001");
        if (!host.matches("[A-Za-z0-9.\\-:\\[\\]]{1,255}")) {
            host = "127.0.0.1:3001";
        }
        return (dev.sluice.web.session.Cookies.secure(ctx.req()) ? "https://" : "http://") + host;
    }
}
