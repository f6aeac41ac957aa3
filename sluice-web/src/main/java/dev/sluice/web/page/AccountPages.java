package dev.sluice.web.page;

import dev.sluice.store.AccountRecords.Invite;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.User;
import dev.sluice.store.Accounts;
import dev.sluice.store.StoreException;
import dev.sluice.web.session.Invites;
import dev.sluice.web.session.LoginThrottle;
import dev.sluice.web.session.Passwords;
import dev.sluice.web.session.Sessions;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * People: inviting, adding to and removing from projects, changing roles (admins, from {@code /settings});
 * accepting an invite at {@code /invite/{token}} (public: the one-time token is the credential); changing one's
 * own password at {@code /account} (which logs out the user's other sessions).
 */
final class AccountPages {

    private static final int MAX_FORM = 4_096;

    private final Web web;
    private final Accounts accounts;
    private final LoginThrottle throttle;

    AccountPages(Web web, LoginThrottle throttle) {
        this.web = web;
        this.accounts = web.store.accounts();
        this.throttle = throttle;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/invite/{token}", this::inviteForm)
                .post("/invite/{token}", this::acceptInvite)
                .get("/account", web.page("account", ctx -> account(ctx, "")))
                .post("/account/password", web.action("account", this::changePassword))
                .post("/settings/people", web.adminAction("settings", this::invite))
                .post("/settings/people/{id}/invite", web.adminAction("settings", this::reinvite))
                .post("/settings/people/{id}/remove", web.adminAction("settings", this::remove))
                .post("/settings/people/{id}/role", web.adminAction("settings", this::role))
                .post("/settings/people/{id}/delete", web.adminAction("settings", this::delete));
    }

    private void account(Web.Ctx ctx, String notice) {
        web.render(ctx.res(), "account.jte", Map.of("chrome", ctx.chrome().titled("Account"),
                "hasPassword", ctx.session().userId().isPresent(), "notice", notice));
    }

    private void changePassword(Web.Ctx ctx) {
        String userId = ctx.session().userId()
                .orElseThrow(() -> new IllegalArgumentException("The admin-token login has no password to change."));
        String client = ctx.req().remotePeer().host();
        Optional<String> account = Optional.of(ctx.session().principal());
        OptionalLong wait = throttle.retryAfter(client, account);
        if (wait.isPresent()) {
            ctx.res().header(HeaderNames.RETRY_AFTER, Long.toString(wait.getAsLong()));
            web.error(ctx.res(), Status.TOO_MANY_REQUESTS_429, "Too many failed attempts. Try again later.");
            return;
        }
        User user = accounts.findUser(userId).orElseThrow();
        if (!Passwords.matches(ctx.form().first("current").asOptional().orElse(""), user.passwordHash())) {
            throttle.failed(client, account);
            throw new IllegalArgumentException("The current password is wrong.");
        }
        String hash = Passwords.hash(newPassword(ctx.form()));
        accounts.setPassword(userId, hash, web.clock.millis());
        int ended = web.sessions.endOthers(ctx.session());
        account(ctx, "Password changed; " + ended + " other session" + (ended == 1 ? "" : "s") + " logged out.");
    }

    private static String newPassword(Parameters form) {
        String password = form.first("password").asOptional().orElse("");
        if (!password.equals(form.first("confirm").asOptional().orElse(""))) {
            throw new IllegalArgumentException("The two passwords differ.");
        }
        Passwords.problem(password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return password;
    }

    private void invite(Web.Ctx ctx) {
        String email = ctx.field("email").map(e -> e.toLowerCase(Locale.ROOT))
                .filter(e -> e.length() <= 254 && e.matches("[^@\\s]+@[^@\\s]+"))
                .orElseThrow(() -> new IllegalArgumentException("Enter an e-mail address."));
        Role role = Role.byId(ctx.field("role").orElse("member"))
                .orElseThrow(() -> new IllegalArgumentException("A role is admin or member."));
        User user = accounts.findUserByEmail(email).orElseGet(() -> create(email, role));
        accounts.addMembership(user.id(), ctx.project().id(), web.clock.millis());
        if (user.active()) {
            Web.redirect(ctx, "/settings?done=member-added#people-h");
            return;
        }
        showInvite(ctx, user);
    }

    private User create(String email, Role role) {
        try {
            return accounts.createUser(email, role, Optional.empty(), web.clock.millis());
        } catch (StoreException e) {
            if (StoreException.classify(e) == StoreException.Failure.DUPLICATE) {
                return accounts.findUserByEmail(email).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private void reinvite(Web.Ctx ctx) {
        showInvite(ctx, user(ctx));
    }

    private void showInvite(Web.Ctx ctx, User user) {
        String link = Invites.link(SettingsPages.baseUrl(ctx), Invites.create(accounts, user.id(), web.clock));
        String mail = web.hooks.sendInvite(user.email(), link);
        web.render(ctx.res(), "inviteCreated.jte", Map.of("chrome", ctx.chrome().titled("Invite"),
                "email", user.email(), "link", link, "mail", mail));
    }

    private void remove(Web.Ctx ctx) {
        if (!accounts.removeMembership(user(ctx).id(), ctx.project().id())) {
            throw new NoSuchElementException("Not a member of " + ctx.project().name() + ".");
        }
        Web.redirect(ctx, "/settings?done=member-removed#people-h");
    }

    private void role(Web.Ctx ctx) {
        User user = user(ctx);
        Role role = Role.byId(ctx.field("role").orElse(""))
                .orElseThrow(() -> new IllegalArgumentException("A role is admin or member."));
        accounts.setRole(user.id(), role);
        Web.redirect(ctx, "/settings?done=role#people-h");
    }

    private void delete(Web.Ctx ctx) {
        User user = user(ctx);
        if (ctx.session().userId().equals(Optional.of(user.id()))) {
            throw new IllegalArgumentException("You cannot delete your own account.");
        }
        accounts.deleteUser(user.id());
        Web.redirect(ctx, "/settings?done=deleted#people-h");
    }

    private User user(Web.Ctx ctx) {
        String id = ctx.path("id");
        return accounts.findUser(id).orElseThrow(() -> new NoSuchElementException("No user " + id + "."));
    }

    private Optional<Invite> invite(ServerRequest req) {
        String token = req.path().pathParameters().get("token");
        return token.length() > 64 ? Optional.empty() : accounts.findInvite(Sessions.hash(token), web.clock.millis());
    }

    private void inviteForm(ServerRequest req, ServerResponse res) {
        showInviteForm(req, res, Status.OK_200, "");
    }

    private void showInviteForm(ServerRequest req, ServerResponse res, Status status, String message) {
        Web.headers(res);
        Optional<User> user = invite(req).flatMap(i -> accounts.findUser(i.userId()));
        if (user.isEmpty()) {
            web.error(res, Status.NOT_FOUND_404, "This invite link is unknown, used or expired. Ask an admin for a new one.");
            return;
        }
        web.render(res, status, "invite.jte", Map.of("email", user.get().email(), "pre", AuthPages.pre(req, res),
                "message", message));
    }

    private void acceptInvite(ServerRequest req, ServerResponse res) throws IOException {
        Web.headers(res);
        byte[] body;
        try (var in = req.content().inputStream()) {
            body = in.readNBytes(MAX_FORM + 1);
        }
        if (body.length > MAX_FORM) {
            web.error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "The form is too large.");
            return;
        }
        Parameters form = Forms.parse(new String(body, StandardCharsets.UTF_8));
        if (!AuthPages.preMatches(req, form)) {
            showInviteForm(req, res, Status.FORBIDDEN_403, "The form expired. Please try again.");
            return;
        }
        String password;
        try {
            password = newPassword(form);
        } catch (IllegalArgumentException e) {
            showInviteForm(req, res, Status.BAD_REQUEST_400, e.getMessage());
            return;
        }
        String token = req.path().pathParameters().get("token");
        Optional<User> user = accounts.acceptInvite(Sessions.hash(token), Passwords.hash(password), web.clock.millis())
                .flatMap(accounts::findUser);
        if (user.isEmpty()) {
            web.error(res, Status.NOT_FOUND_404, "This invite link is unknown, used or expired. Ask an admin for a new one.");
            return;
        }
        web.sessions.start(user.get(), req, res);
        res.headers().add(HeaderNames.SET_COOKIE, dev.sluice.web.session.Cookies.set(AuthPages.PRE_COOKIE, "",
                dev.sluice.web.session.Cookies.secure(req), java.time.Duration.ZERO));
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/issues").send();
    }
}
