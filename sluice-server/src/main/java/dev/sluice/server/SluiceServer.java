package dev.sluice.server;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.server.alerts.AlertConfig;
import dev.sluice.server.alerts.AlertRuntime;
import dev.sluice.server.http.HttpEdge;
import dev.sluice.server.periodic.Periodic;
import dev.sluice.server.otlp.OrphanSweeper;
import dev.sluice.server.retention.RetentionRunner;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.web.Dashboard;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sluice node: store, key registry, ingest log and HTTP edge. The pieces are built by
 * {@link Components}, the routes registered by {@link Routes}. {@link #close()} shuts down in the order that
 * loses nothing: stop taking batches, commit everything queued (answering every waiting client), stop the HTTP
 * server, close the store.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
    /** This node's analytics replica, in the data directory (one per node, also in PostgreSQL mode). */
    public static final String ANALYTICS_FILE = "analytics.duckdb";

    private final Components c;
    private final WebServer web;
    private final HttpEdge edge;
    private final Optional<OtlpListener> otlp;
    private final Optional<FirstRun> firstRun;
    private final AlertRuntime alerts;
    private final Periodic retention;
    private final Periodic orphans;
    private final String baseUrl;
    private final List<Dashboard.Route> dashboardRoutes;
    private volatile boolean closed;

    private SluiceServer(Components c, WebServer web, HttpEdge edge, Optional<OtlpListener> otlp,
                         Optional<FirstRun> firstRun, AlertRuntime alerts, Periodic retention, Periodic orphans,
                         List<Dashboard.Route> dashboardRoutes) {
        this.c = c;
        this.dashboardRoutes = List.copyOf(dashboardRoutes);
        this.web = web;
        this.edge = edge;
        this.otlp = otlp;
        this.firstRun = firstRun;
        this.alerts = alerts;
        this.retention = retention;
        this.orphans = orphans;
        String host = c.config().host();
        this.baseUrl = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + web.port();
    }

    /**
     * Opens the store, starts the log and listens; only then bootstraps a fresh store, so a start that cannot
     * listen (port in use) creates no secrets that nobody sees.
     *
     * @throws ListenException when the address cannot be bound; everything started is stopped again
     */
    public static SluiceServer start(ServerConfig config, Clock clock) {
        return start(config, clock, AlertConfig.fromEnv(System.getenv()));
    }

    /** As {@link #start(ServerConfig, Clock)}, with explicit alert delivery settings (SMTP, timings). */
    public static SluiceServer start(ServerConfig config, Clock clock, AlertConfig alertConfig) {
        ListenException.checkAvailable(config.host(), config.port());
        Undo undo = new Undo();
        try {
            Components c = Components.open(config, clock, undo);
            HttpRouting.Builder routing = HttpRouting.builder();
            WebServerConfig.Builder server = WebServer.builder().host(config.host()).port(config.port())
                    .shutdownHook(false);
            HttpEdge edge = HttpEdge.configure(server, routing, config.http());
            undo.push(edge::close);
            List<Dashboard.Route> dashboardRoutes = Routes.register(routing, c, alertConfig.smtp());
            WebServer web = listen(server.routing(routing).build(), config);
            undo.push(web::stop);
            Optional<FirstRun> created = Bootstrap.runIfFirst(c.store(), clock);
            if (created.isPresent()) {
                c.keys().refresh(); // the first-run keys work from the first request
            }
            LOG.info("event=started address={}:{} store={} dialect={}", config.host(), web.port(),
                    StoreConfig.redact(config.store().jdbcUrl()), c.store().dialect());
            AlertRuntime alerts = AlertRuntime.start(c.store(), alertConfig, clock, c.alerting());
            undo.push(alerts::close);
            Periodic retention = RetentionRunner.create(c.store(), c.replica(), clock, Duration.ofMillis(5))
                    .start(c.metrics().registry(), Duration.ofHours(1));
            undo.push(retention::close);
            Duration window = config.protocols().traceJoinWindow();
            Periodic orphans = OrphanSweeper.create(c.store(), clock, window).start(window);
            undo.push(orphans::close);
            Optional<OtlpListener> otlp = OtlpListener.start(c);
            otlp.ifPresent(o -> undo.push(o::stop));
            return new SluiceServer(c, web, edge, otlp, created, alerts, retention, orphans, dashboardRoutes);
        } catch (RuntimeException e) {
            throw undo.unwind(e);
        }
    }

    private static WebServer listen(WebServer web, ServerConfig config) {
        try {
            web.start();
        } catch (RuntimeException e) {
            throw ListenException.of(config.host(), config.port(), e);
        }
        if (!web.isRunning() || web.port() < 0) {
            web.stop();
            throw ListenException.of(config.host(), config.port(), null);
        }
        return web;
    }

    /** Every route of the web dashboard, as registered (the authorization test walks them all). */
    public List<Dashboard.Route> dashboardRoutes() {
        return dashboardRoutes;
    }

    /** The port listened on. */
    public int port() {
        return web.port();
    }

    /** The store, for in-process tools and tests. */
    public Store store() {
        return c.store();
    }

    /** This node's analytics replica, for in-process tools and benchmarks. */
    public AnalyticsReplica analytics() {
        return c.replica();
    }

    /** The secrets created when this start bootstrapped a fresh store. */
    public Optional<FirstRun> firstRun() {
        return firstRun;
    }

    /** The first-run banner (secrets and a ready-to-paste curl line), to print once. */
    public Optional<String> firstRunBanner() {
        return firstRun.map(f -> Bootstrap.banner(f, baseUrl));
    }

    /**
     * The address actually bound, for the startup line: {@code http://0.0.0.0:3001 (all interfaces)} or
     * {@code http://127.0.0.1:41234}.
     */
    public String boundAddress() {
        String host = c.config().host();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + web.port();
        return host.equals("0.0.0.0") || host.equals("::") ? url + " (all interfaces; locally " + baseUrl + ")" : url;
    }

    /** {@code http://host:port} of this node. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("event=stopping");
        c.log().close(Duration.ofSeconds(30));
        otlp.ifPresent(OtlpListener::stop);
        web.stop();
        edge.close();
        alerts.close();
        retention.close();
        orphans.close();
        c.keys().close();
        c.replica().close();
        c.limiter().close();
        c.store().close();
        LOG.info("event=stopped");
    }
}
