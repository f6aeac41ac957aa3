package dev.sluice.web.page;

import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.web.ServerHooks;
import dev.sluice.web.session.Session;
import dev.sluice.web.session.Sessions;
import dev.sluice.web.view.Chrome;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every page shares: the login guard, the CSRF check on state changes, the project switcher, security
 * headers, rendering of compiled templates, and turning bad input into a 400 page (never a stack trace).
 */
final class Web {

    static final HeaderName CSRF_HEADER = HeaderNames.create("X-CSRF-Token");
    static final String CSRF_FIELD = "_csrf";
    private static final HeaderName HX_REQUEST = HeaderNames.create("HX-Request");
    private static final int MAX_FORM_BYTES = 65_536;
    /** No script, style, font or connection may come from anywhere but this server. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(Web.class);

    final Store store;
    final Clock clock;
    final ServerHooks hooks;
    final Sessions sessions;
    private final TemplateEngine templates;

    Web(Store store, Clock clock, ServerHooks hooks, Sessions sessions) {
        this.store = store;
        this.clock = clock;
        this.hooks = hooks;
        this.sessions = sessions;
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, Web.class.getClassLoader(),
                "dev.sluice.web.templates");
    }

    /** A request to a page or action, with its session and the project it is about. */
    record Ctx(ServerRequest req, ServerResponse res, Session session, Project project, Chrome chrome,
               Parameters form) {

        Optional<String> param(String name) {
            return req.query().first(name).asOptional().filter(s -> !s.isBlank()).map(String::strip);
        }

        Optional<String> field(String name) {
            return form.first(name).asOptional().filter(s -> !s.isBlank()).map(String::strip);
        }

        String path(String name) {
            return req.path().pathParameters().get(name);
        }

        boolean htmx() {
            return req.headers().contains(HX_REQUEST);
        }
    }

    @FunctionalInterface
    interface PageHandler {
        void handle(Ctx ctx) throws Exception;
    }

    /** A GET page: anonymous visitors are sent to the login page and come back afterwards. */
    Handler page(String section, PageHandler handler) {
        return (req, res) -> {
            Optional<Session> session = sessions.find(req);
            if (session.isEmpty()) {
                toLogin(req, res);
                return;
            }
            run(section, req, res, session.get(), Parameters.empty("form"), handler);
        };
    }

    /**
     * A state-changing POST: needs a session and its CSRF token (form field {@value #CSRF_FIELD} or header
     * {@code X-CSRF-Token}); anything else is refused with 403 before the handler runs.
     */
    Handler action(String section, PageHandler handler) {
        return (req, res) -> {
            headers(res);
            Optional<Session> session = sessions.find(req);
            if (session.isEmpty()) {
                error(res, Status.FORBIDDEN_403, "Your session has ended. Log in again.");
                return;
            }
            Optional<Parameters> form = form(req);
            if (form.isEmpty()) {
                error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "The form is too large.");
                return;
            }
            Optional<String> token = req.headers().first(CSRF_HEADER)
                    .or(() -> form.get().first(CSRF_FIELD).asOptional());
            if (!Sessions.csrfMatches(session.get(), token)) {
                error(res, Status.FORBIDDEN_403, "This form has expired or did not come from this dashboard. "
                        + "Reload the page and try again.");
                return;
            }
            run(section, req, res, session.get(), form.get(), handler);
        };
    }

    /** A state-changing POST that only an admin may make (settings, keys, projects, people). */
    Handler adminAction(String section, PageHandler handler) {
        return action(section, ctx -> {
            if (!ctx.session().admin()) {
                error(ctx.res(), Status.FORBIDDEN_403, "Only an admin can change this.");
                return;
            }
            handler.handle(ctx);
        });
    }

    private void run(String section, ServerRequest req, ServerResponse res, Session session, Parameters form,
                     PageHandler handler) {
        headers(res);
        // Authorization: a member sees only the projects they belong to, in the switcher and through
        // ?project=; every page and action then reads only ctx.project(), so this one filter guards them all.
        List<Project> projects = store.listProjects().stream().filter(session::canSee).toList();
        Optional<String> asked = req.query().first("project").asOptional().filter(s -> !s.isBlank());
        Optional<Project> project = asked.flatMap(n -> find(projects, n));
        if (asked.isPresent() && project.isEmpty()) {
            error(res, Status.NOT_FOUND_404, "There is no project named " + asked.get() + ".");
            return;
        }
        project = project.or(() -> session.project().flatMap(n -> find(projects, n)))
                .or(() -> find(projects, "default")).or(() -> projects.stream().findFirst());
        if (project.isEmpty()) {
            error(res, session.admin() ? Status.NOT_FOUND_404 : Status.FORBIDDEN_403, session.admin()
                    ? "There are no projects yet: create one with `sluice project create`."
                    : "You are not a member of any project yet. Ask an admin to add you to one.");
            return;
        }
        sessions.choose(session, project.get().name());
        Chrome chrome = new Chrome("Sluice", section, projects.stream().map(Project::name).toList(),
                project.get().name(), session.csrf(), session.principal(), clock.millis(), session.admin());
        try {
            handler.handle(new Ctx(req, res, session, project.get(), chrome, form));
        } catch (IllegalArgumentException e) {
            error(res, Status.BAD_REQUEST_400, e.getMessage());
        } catch (NoSuchElementException e) {
            error(res, Status.NOT_FOUND_404, e.getMessage() == null ? "Not found." : e.getMessage());
        } catch (dev.sluice.store.StoreException e) {
            LOG.warn("event=store_unavailable path={} error=\"{}\"", req.path().path(), e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, "1");
            error(res, Status.SERVICE_UNAVAILABLE_503, "The store is unreachable right now; try again shortly.");
        } catch (Exception e) {
            LOG.error("event=page_error path={} error=\"{}\"", req.path().path(), e.toString(), e);
            error(res, Status.INTERNAL_SERVER_ERROR_500, "Something went wrong; the server log has the details.");
        }
    }

    private static Optional<Project> find(List<Project> projects, String name) {
        return projects.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static Optional<Parameters> form(ServerRequest req) {
        if (req.headers().contentLength().orElse(0) > MAX_FORM_BYTES) {
            return Optional.empty();
        }
        boolean isForm = req.headers().contentType()
                .map(t -> t.mediaType().text().equals("application/x-www-form-urlencoded")).orElse(false);
        if (!isForm || !req.content().hasEntity()) {
            return Optional.of(Parameters.empty("form"));
        }
        try (var in = req.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Forms.parse(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.of(Parameters.empty("form"));
        }
    }

    /** Renders {@code template} with {@code params} as a 200 page. */
    void render(ServerResponse res, String template, Map<String, Object> params) {
        render(res, Status.OK_200, template, params);
    }

    void render(ServerResponse res, Status status, String template, Map<String, Object> params) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        templates.render(template, params, out);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(out.getContentLength());
        try {
            out.writeTo(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(bytes.toByteArray());
    }

    /** A small error page (no stack trace, no internals). */
    void error(ServerResponse res, Status status, String message) {
        headers(res);
        render(res, status, "error.jte", Map.of("status", status.code(), "message", message));
    }

    /** 303 to {@code location}; htmx requests get {@code HX-Redirect} so the whole page moves. */
    static void redirect(Ctx ctx, String location) {
        if (ctx.htmx()) {
            ctx.res().header(HeaderNames.create("HX-Redirect"), location);
            ctx.res().status(Status.NO_CONTENT_204).send();
            return;
        }
        ctx.res().status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, location).send();
    }

    private static void toLogin(ServerRequest req, ServerResponse res) {
        String here = req.path().rawPath() + (req.query().rawValue().isEmpty() ? "" : "?" + req.query().rawValue());
        String location = "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
        if (req.headers().contains(HX_REQUEST)) {
            res.header(HeaderNames.create("HX-Redirect"), location);
            res.status(Status.UNAUTHORIZED_401).send();
            return;
        }
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, location).send();
    }

    /** Security headers of every dashboard response. */
    static void headers(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "same-origin");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
