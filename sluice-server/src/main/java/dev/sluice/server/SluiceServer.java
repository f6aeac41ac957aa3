package dev.sluice.server;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.analytics.ReplicaLag;
import dev.sluice.digest.Alerting;
import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.IssueAlerts;
import dev.sluice.server.alerts.AlertConfig;
import dev.sluice.server.alerts.AlertRuntime;
import dev.sluice.server.rest.AlertApi;
import dev.sluice.server.retention.RetentionRunner;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.http.Cors;
import dev.sluice.server.http.HttpEdge;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.IngestPipeline;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.log.LocalIngestLog;
import dev.sluice.server.metrics.AnalyticsMetrics;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.server.opensentry.OpenSentryIngest;
import dev.sluice.server.otlp.OtlpIngest;
import dev.sluice.server.rest.AdminApi;
import dev.sluice.server.rest.GroupingApi;
import dev.sluice.server.rest.LogApi;
import dev.sluice.server.sentry.SentryIngest;
import dev.sluice.server.rest.JobApi;
import dev.sluice.server.rest.ReadApi;
import dev.sluice.server.rest.TaskApi;
import dev.sluice.server.tailpoint.TailpointIngest;
import dev.sluice.server.tailpoint.TaskSettingsCache;
import dev.sluice.server.tracestax.TraceStaxIngest;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sluice node: store, key registry, ingest log and HTTP edge. {@link #close()} shuts down in the
 * order that loses nothing: stop taking batches, commit everything queued (answering every waiting client),
 * stop the HTTP server, close the store.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
    /** This node's analytics replica, in the data directory (one per node, also in PostgreSQL mode). */
    public static final String ANALYTICS_FILE = "analytics.duckdb";

    private final Store store;
    private final AnalyticsReplica replica;
    private final KeyRegistry keys;
    private final RateLimiter limiter;
    private final IngestLog log;
    private final WebServer web;
    private final HttpEdge edge;
    private final Optional<OtlpListener> otlp;
    private final Optional<FirstRun> firstRun;
    private final String baseUrl;
    private final String host;
    private final AlertRuntime alerts;
    private final RetentionRunner retention;
    private volatile boolean closed;

    private SluiceServer(Store store, AnalyticsReplica replica, KeyRegistry keys, RateLimiter limiter, IngestLog log,
                         WebServer web, HttpEdge edge, Optional<OtlpListener> otlp, Optional<FirstRun> firstRun,
                         String baseUrl, String host, AlertRuntime alerts, RetentionRunner retention) {
        this.host = host;
        this.alerts = alerts;
        this.retention = retention;
        this.otlp = otlp;
        this.store = store;
        this.replica = replica;
        this.edge = edge;
        this.keys = keys;
        this.limiter = limiter;
        this.log = log;
        this.web = web;
        this.firstRun = firstRun;
        this.baseUrl = baseUrl;
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
        Store store = Store.open(config.store());
        java.util.ArrayDeque<Runnable> undo = new java.util.ArrayDeque<>();
        undo.push(store::close);
        try {
            AnalyticsReplica replica = AnalyticsReplica.open(config.dataDir().resolve(ANALYTICS_FILE), store, clock);
            undo.push(replica::close);
            replica.startFollowing(Duration.ofMillis(250));
            Metrics metrics = new Metrics();
            KeyRegistry keys = KeyRegistry.start(store);
            undo.push(keys::close);
            RateLimiter limiter = RateLimiter.forStore(store, config.rates(), clock);
            undo.push(limiter::close);
            Ids ids = Ids.create(clock);
            Alerting alerting = Alerting.create(ids);
            BatchApplier applier = BatchApplier.create(clock, ids, PriceTable.shipped(),
                    List.of(IssueAlerts.create(alerting)));
            LocalIngestLog log = LocalIngestLog.start(store, applier, config.limits(), metrics.registry());
            undo.push(() -> log.close(Duration.ofSeconds(5)));
            HttpRouting.Builder routing = HttpRouting.builder();
            WebServerConfig.Builder server = WebServer.builder().host(config.host()).port(config.port())
                    .shutdownHook(false);
            HttpEdge edge = HttpEdge.configure(server, routing, config.http());
            undo.push(edge::close);
            AnalyticsMetrics.register(metrics.registry(), replica);
            routes(routing, store, replica, keys, limiter, log, metrics, config.protocols(), clock);
            WebServer web = server.routing(routing).build();
            try {
                web.start();
            } catch (RuntimeException e) {
                throw ListenException.of(config.host(), config.port(), e);
            }
            undo.push(web::stop);
            if (!web.isRunning() || web.port() < 0) {
                throw ListenException.of(config.host(), config.port(), null);
            }
            Optional<FirstRun> created = Bootstrap.runIfFirst(store, clock);
            if (created.isPresent()) {
                keys.refresh(); // the first-run keys work from the first request
            }
            String base = "http://" + (config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host()) + ":" + web.port();
            LOG.info("event=started address={}:{} store={} dialect={}", config.host(), web.port(),
                    dev.sluice.store.StoreConfig.redact(config.store().jdbcUrl()), store.dialect());
            AlertRuntime alerts = AlertRuntime.start(store, alertConfig, clock, alerting);
            undo.push(alerts::close);
            RetentionRunner retention = RetentionRunner.create(store, clock, Duration.ofMillis(5))
                    .start(metrics.registry(), Duration.ofHours(1));
            Optional<OtlpListener> otlp = otlpListener(config, keys, limiter, log, metrics, clock);
            otlp.ifPresent(o -> undo.push(o::stop));
            return new SluiceServer(store, replica, keys, limiter, log, web, edge, otlp, created, base, config.host(),
                    alerts, retention);
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static void routes(HttpRouting.Builder routing, Store store, AnalyticsReplica replica, KeyRegistry keys,
                               RateLimiter limiter, IngestLog log, Metrics metrics, ServerConfig.Protocols protocols,
                               Clock clock) {
        OpenSentryIngest openSentry = OpenSentryIngest.create(keys, limiter, log, metrics, clock);
        TaskSettingsCache taskSettings = TaskSettingsCache.create(store, clock);
        TailpointIngest tailpoint = TailpointIngest.create(keys, log, limiter, taskSettings, metrics, clock);
        JobSettingsQueries jobSettingsQueries = JobSettingsQueries.create(store);
        RefreshingCache<ProjectId, JobSettings> jobSettings = RefreshingCache.<ProjectId, JobSettings>builder(
                "job-settings", jobSettingsQueries::settings).build();
        TraceStaxIngest traceStax = TraceStaxIngest.create(store, keys, log, limiter, jobSettings, metrics, clock);
        // Before the Pug catch-all /{service}/{method}, which would otherwise take these paths.
        IngestPipeline pipeline = pipeline(keys, limiter, log, metrics, protocols, clock);
        SentryIngest.register(routing, pipeline, store, metrics, clock);
        OtlpIngest.register(routing, pipeline);
        routing.get("/health", (req, res) -> Json.send(res, Status.OK_200, Json.object().put("status", "ok")))
                .get("/ready", (req, res) -> ready(store, replica, res))
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics.scrape());
                })
                .options("/v1/ingest", (req, res) -> Cors.preflight(req, res, OpenSentryIngest.CORS_HEADERS))
                .post("/v1/ingest", (req, res) -> {
                    if (TraceStaxIngest.isTraceStax(req) && !OpenSentryIngest.hasCredential(req)) {
                        traceStax.ingest(req, res);
                        return;
                    }
                    openSentry.handle(req, res);
                });
        routing.addFilter(dev.sluice.server.rest.RestRequests.filter());
        routing.post("/api/v1/ingest/tasks", tailpoint).post("/api/v1/ingest/tasks/", tailpoint)
                .post("/v1/ingest/tasks", tailpoint::misplaced).post("/v1/ingest/tasks/", tailpoint::misplaced);
        traceStax.register(routing);
        AdminApi.register(routing, store, keys, clock);
        TaskApi.register(routing, store, taskSettings, clock);
        ReadApi.register(routing, store, clock);
        AlertApi.register(routing, store, clock);
        dev.sluice.server.rest.RetentionApi.register(routing, store);
        GroupingApi.register(routing, store, clock);
        LogApi.register(routing, store, clock);
        dev.sluice.server.rest.MonitorApi.register(routing, store);
        dev.sluice.server.rest.ReleaseApi.register(routing, store, clock);
        dev.sluice.server.rest.AttachmentApi.register(routing, store);
        JobApi.register(routing, store, jobSettings, clock);
        dev.sluice.server.pug.PugApi.register(routing, store, keys, limiter, log, metrics, clock, replica);
        dev.sluice.web.Dashboard.register(routing, store, clock,
                dev.sluice.server.auth.DashboardHooks.create(store, keys, clock),
                dev.sluice.query.insights.InsightEngines.replica(replica, store));
        // A handler that needs the store while it is unreachable answers 503 + Retry-After, not 500.
        routing.error(dev.sluice.store.StoreException.class, (req, res, e) -> {
            LOG.warn("event=store_unavailable path={} error=\"{}\"", req.path().path(), e.getMessage());
            if (!res.isSent()) {
                res.header(HeaderNames.RETRY_AFTER, "1");
                Json.error(res, Status.SERVICE_UNAVAILABLE_503, "store unavailable, retry later");
            }
        });
        routing.error(Throwable.class, (req, res, t) -> {
            LOG.error("event=handler_error path={} error=\"{}\"", req.path().path(), t.toString(), t);
            if (!res.isSent()) {
                Json.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal error");
            }
        });
    }

    /** The adapter pipeline: the shared key/project limits, then node-local per-category buckets. */
    private static IngestPipeline pipeline(KeyRegistry keys, RateLimiter limiter, IngestLog log, Metrics metrics,
                                           ServerConfig.Protocols protocols, Clock clock) {
        return IngestPipeline.create(keys, log, limiter, RateLimiter.create(clock),
                RateLimiter.Limit.perMinute(protocols.ratePerMinute()), metrics, clock);
    }

    /**
     * The extra OTLP/HTTP listener on the exporters' default port, serving only {@code /v1/traces|logs|metrics}.
     * A port already taken (another instance on this host) is logged and skipped rather than failing the start:
     * the same routes are always on the main port too.
     */
    private static Optional<OtlpListener> otlpListener(ServerConfig config, KeyRegistry keys, RateLimiter limiter,
                                                       IngestLog log, Metrics metrics, Clock clock) {
        if (config.protocols().otlpPort() <= 0) {
            return Optional.empty();
        }
        HttpRouting.Builder routing = HttpRouting.builder();
        OtlpIngest.register(routing, pipeline(keys, limiter, log, metrics, config.protocols(), clock));
        WebServerConfig.Builder server = WebServer.builder().host(config.host()).port(config.protocols().otlpPort())
                .shutdownHook(false);
        // The same edge as the main port: timeouts, connection cap, bodies left encoded for BodyReader.
        HttpEdge edge = HttpEdge.configure(server, routing, config.http());
        try {
            WebServer otlp = server.routing(routing).build().start();
            LOG.info("event=otlp_listening port={}", otlp.port());
            return Optional.of(new OtlpListener(otlp, edge));
        } catch (RuntimeException e) {
            edge.close();
            LOG.warn("event=otlp_port_unavailable port={} error=\"{}\" (OTLP stays on the main port)",
                    config.protocols().otlpPort(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The extra OTLP listener and its edge, stopped together. */
    private record OtlpListener(WebServer web, HttpEdge edge) {
        void stop() {
            web.stop();
            edge.close();
        }
    }

    /** Ready when the store answers; a replica still catching up is reported (queries wait for it). */
    private static void ready(Store store, AnalyticsReplica replica, ServerResponse res) {
        try {
            store.read(c -> c.isValid(2));
            ReplicaLag lag = replica.lag();
            var body = Json.object().put("status", "ready");
            body.putObject("analytics").put("status", lag.caughtUp() ? "caught_up" : "catching_up")
                    .put("lagEvents", lag.events()).put("lagSeconds", lag.age().toMillis() / 1000.0);
            Json.send(res, Status.OK_200, body);
        } catch (RuntimeException e) {
            Json.send(res, Status.SERVICE_UNAVAILABLE_503, Json.object().put("status", "store unavailable"));
        }
    }

    /** The port listened on. */
    public int port() {
        return web.port();
    }

    /** The store, for in-process tools and tests. */
    public Store store() {
        return store;
    }

    /** This node's analytics replica, for in-process tools and benchmarks. */
    public AnalyticsReplica analytics() {
        return replica;
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
        log.close(Duration.ofSeconds(30));
        otlp.ifPresent(OtlpListener::stop);
        web.stop();
        edge.close();
        alerts.close();
        retention.close();
        keys.close();
        replica.close();
        limiter.close();
        store.close();
        LOG.info("event=stopped");
    }
}
