package dev.sluice.web.page;

import dev.sluice.store.AccountRecords.User;
import dev.sluice.web.session.Cookies;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /login} and {@code /logout}. One form logs in with an e-mail address and password (a user account) or,
 * with the e-mail left empty, with the admin token (the bootstrap super-admin). The form is protected against
 * login CSRF by a double-submit token (a short-lived cookie echoed in a hidden field); failed attempts are
 * throttled per client address and per account.
 */
final class AuthPages {

    static final String PRE_COOKIE = "sluice_login";

    private final Web web;
    private final LoginThrottle throttle;

    AuthPages(Web web, LoginThrottle throttle) {
        this.web = web;
        this.throttle = throttle;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/login", this::form)
                .post("/login", this::login)
                .get("/logout", web.page("logout", ctx -> web.render(ctx.res(), "logout.jte",
                        Map.of("chrome", ctx.chrome().titled("Log out")))))
                .post("/logout", web.action("logout", ctx -> {
                    web.sessions.end(ctx.session(), ctx.req(), ctx.res());
                    ctx.res().status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/login").send();
                }));
    }

    private void form(ServerRequest req, ServerResponse res) {
        if (web.sessions.find(req).isPresent()) {
            res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, next(req.query().first("next").asOptional()))
                    .send();
            return;
        }
        show(req, res, Status.OK_200, "");
    }

    private void show(ServerRequest req, ServerResponse res, Status status, String message) {
        Web.headers(res);
        String pre = pre(req, res);
        String next = req.query().first("next").asOptional().orElse("");
        web.render(res, status, "login.jte", Map.of("pre", pre, "next", next, "message", message));
    }

    private void login(ServerRequest req, ServerResponse res) throws IOException {
        String client = req.remotePeer().host();
        OptionalLong busy = throttle.retryAfter(client);
        if (busy.isPresent()) {
            tooMany(req, res, busy.getAsLong());
            return;
        }
        byte[] body;
        try (var in = req.content().inputStream()) {
            body = in.readNBytes(8_193);
        }
        if (body.length > 8_192) {
            show(req, res, Status.REQUEST_ENTITY_TOO_LARGE_413, "The form is too large.");
            return;
        }
        Parameters form = Forms.parse(new String(body, StandardCharsets.UTF_8));
        if (!preMatches(req, form)) {
            show(req, res, Status.FORBIDDEN_403, "The login form expired. Please try again.");
            return;
        }
        Optional<String> email = form.first("email").asOptional().map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty());
        OptionalLong wait = throttle.retryAfter(client, email);
        if (wait.isPresent()) {
            tooMany(req, res, wait.getAsLong());
            return;
        }
        String secret = form.first("token").asOptional().orElse("").strip();
        if (email.isEmpty()) {
            if (secret.isEmpty() || !web.hooks.isAdminToken(secret)) {
                throttle.failed(client, email);
                show(req, res, Status.UNAUTHORIZED_401, "That is not the admin token.");
                return;
            }
            web.sessions.startAdmin(req, res);
        } else {
            Optional<User> user = web.store.accounts().findUserByEmail(email.get());
            // The hash check runs for unknown addresses too (against a decoy), so timing does not tell who exists.
            if (!Passwords.matches(secret, user.flatMap(User::passwordHash))) {
                throttle.failed(client, email);
                show(req, res, Status.UNAUTHORIZED_401, "Wrong e-mail address or password.");
                return;
            }
            web.sessions.start(user.get(), req, res);
        }
        res.headers().add(HeaderNames.SET_COOKIE, Cookies.set(PRE_COOKIE, "", Cookies.secure(req), Duration.ZERO));
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, next(form.first("next").asOptional())).send();
    }

    private void tooMany(ServerRequest req, ServerResponse res, long seconds) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
        show(req, res, Status.TOO_MANY_REQUESTS_429, "Too many failed attempts. Try again in " + seconds + " s.");
    }

    /** Sets a fresh login-CSRF cookie on {@code res} and answers the value to echo in the form's {@code pre}. */
    static String pre(ServerRequest req, ServerResponse res) {
        String pre = Sessions.token();
        res.headers().add(HeaderNames.SET_COOKIE, Cookies.set(PRE_COOKIE, pre, Cookies.secure(req), Duration.ofHours(1)));
        return pre;
    }

    /** Whether the form echoes the login-CSRF cookie (constant-time). */
    static boolean preMatches(ServerRequest req, Parameters form) {
        Optional<String> pre = Cookies.get(req, PRE_COOKIE);
        Optional<String> echoed = form.first("pre").asOptional();
        return pre.isPresent() && echoed.isPresent() && MessageDigest.isEqual(
                pre.get().getBytes(StandardCharsets.UTF_8), echoed.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Only local paths: an open redirect would let a link send a freshly logged-in user anywhere. */
    static String next(Optional<String> next) {
        return next.filter(n -> n.startsWith("/") && !n.startsWith("//") && !n.startsWith("/\\")
                && !n.contains("\r") && !n.contains("\n")).orElse("/issues");
    }
}
