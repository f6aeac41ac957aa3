package dev.sluice.web.page;

import dev.sluice.query.IssueCommands;
import dev.sluice.store.IssueStatusChange;
import dev.sluice.web.view.IssueListQuery;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The issue lifecycle from the dashboard: resolve, resolve in the next release, ignore (forever, for a while,
 * until N more events or users) and reopen — one issue from its page or many from the list's checkboxes. Each
 * is a CSRF-checked form POST answered with a redirect (post/redirect/get), so it works without JavaScript.
 */
final class IssueActions {

    /** Ignore durations offered by the forms, in minutes. */
    static final Set<Long> DURATIONS = Set.of(30L, 60L, 1440L, 10_080L, 43_200L);

    private final Web web;
    private final IssueCommands commands;
    private final Clock clock;

    IssueActions(Web web) {
        this.web = web;
        this.clock = web.clock;
        this.commands = IssueCommands.create(web.store, web.clock);
    }

    void register(HttpRouting.Builder routing) {
        routing.post("/issues/bulk", web.action("issues", this::bulk))
                .post("/issues/{id}/status", web.action("issues", this::one));
    }

    private void one(Web.Ctx ctx) {
        String id = ctx.path("id");
        IssueStatusChange change = change(ctx);
        List<String> changed = commands.setStatus(ctx.project().id(), List.of(id), change);
        if (changed.isEmpty()) {
            throw new java.util.NoSuchElementException("No issue " + id + " in project " + ctx.project().name() + ".");
        }
        Web.redirect(ctx, "/issues/" + Web.enc(id) + "?done=" + done(change));
    }

    private void bulk(Web.Ctx ctx) {
        Set<String> ids = new LinkedHashSet<>(ctx.form().all("id", List::of));
        ids.removeIf(String::isBlank);
        IssueListQuery back = IssueListQuery.of(ctx::field);
        back.filter(); // refuses a tampered filter before anything changes
        String qs = back.queryString();
        String base = "/issues?" + (qs.isEmpty() ? "" : qs + "&");
        if (ids.isEmpty()) {
            Web.redirect(ctx, base + "done=none");
            return;
        }
        if (ids.size() > IssueCommands.MAX_BULK) {
            throw new IllegalArgumentException("Select at most " + IssueCommands.MAX_BULK + " issues at once.");
        }
        IssueStatusChange change = change(ctx);
        List<String> changed = commands.setStatus(ctx.project().id(), ids, change);
        Web.redirect(ctx, base + "done=" + done(change) + "&n=" + changed.size());
    }

    /** The change a form asks for; a bad value is an {@link IllegalArgumentException} (a 400 page). */
    IssueStatusChange change(Web.Ctx ctx) {
        String action = ctx.field("action").orElse("");
        return switch (action) {
            case "resolve" -> IssueStatusChange.resolved();
            case "resolve-next" -> IssueStatusChange.resolvedInNextRelease(Optional.empty());
            case "reopen" -> IssueStatusChange.unresolved();
            case "ignore" -> ignore(ctx);
            default -> throw new IllegalArgumentException("Unknown action '" + action
                    + "'; use resolve, resolve-next, ignore or reopen.");
        };
    }

    private IssueStatusChange ignore(Web.Ctx ctx) {
        OptionalLong until = OptionalLong.empty();
        String duration = ctx.field("for").orElse("forever");
        if (!duration.equals("forever")) {
            long minutes = positive(duration, "for");
            if (!DURATIONS.contains(minutes)) {
                throw new IllegalArgumentException("Ignore for one of " + DURATIONS + " minutes, or forever.");
            }
            until = OptionalLong.of(clock.millis() + minutes * 60_000L);
        }
        OptionalLong count = ctx.field("count").map(v -> OptionalLong.of(positive(v, "count")))
                .orElse(OptionalLong.empty());
        OptionalLong users = ctx.field("users").map(v -> OptionalLong.of(positive(v, "users")))
                .orElse(OptionalLong.empty());
        return IssueStatusChange.ignored(until, count, users);
    }

    private static long positive(String value, String name) {
        try {
            long n = Long.parseLong(value);
            if (n > 0 && n <= 1_000_000_000L) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("'" + name + "' must be a whole number from 1 to 1000000000.");
    }

    private static String done(IssueStatusChange change) {
        return change.inNextRelease() ? "resolved-next" : change.status();
    }
}
