package dev.sluice.sdk;

import dev.sluice.sdk.internal.Dsn;
import dev.sluice.sdk.internal.Frames;
import dev.sluice.sdk.internal.JdkTransport;
import dev.sluice.sdk.internal.RetryPolicy;
import dev.sluice.sdk.internal.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Configures a {@link Sluice} client. Only the families with credentials are active; calls to the others
 * are dropped and reported as {@link DropReason#NOT_CONFIGURED}. {@link #build()} throws on bad
 * configuration (that is programmer error at startup, not telemetry at runtime).
 *
 * <p>Defaults: batch 100 items / 5 s / 10,000 queued per family; connect timeout 5 s, request timeout 10 s,
 * close deadline 5 s; 6 attempts within 2 minutes (500 ms doubling to 30 s, jittered); circuit breaker
 * after 5 consecutive failures, open for 30 s; source {@code sdk}; environment {@code production};
 * release {@code unknown}; 50 breadcrumbs; TraceStax heartbeat every 30 s; system UTC clock; closed
 * (drained) by a JVM shutdown hook.
 */
public final class SluiceBuilder {

    private String endpoint;
    private String tailpointApi;
    private String tailpointKey;
    private String openSentryKey;
    private String openSentryDsn;
    private String pugEndpoint;
    private String pugKey;
    private String traceStaxEndpoint;
    private String traceStaxKey;
    private String source = "sdk";
    private String environment = "production";
    private String release = "unknown";
    private BatchConfig batch = BatchConfig.defaults();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private RetryPolicy retry = RetryPolicy.defaults();
    private int breakerThreshold = 5;
    private Duration breakerOpenFor = Duration.ofSeconds(30);
    private ErrorHandler onError = (e, items) -> { };
    private Clock clock = Clock.systemUTC();
    private int maxBreadcrumbs = 50;
    private Transport transport;
    private String framework = "generic";
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private boolean shutdownHook = true;
    private double sampleRate = 1.0;
    private double tracesSampleRate = 1.0;
    private List<String> inAppIncludes = List.of();
    private List<String> inAppExcludes = List.of();

    SluiceBuilder() {}

    /** Base URL of a Sluice server, e.g. {@code http://127.0.0.1:3001}; every protocol's URL derives from it. */
    public SluiceBuilder endpoint(String url) { endpoint = strip(url); return this; }
    /** Tailpoint key ({@code trk_live_…}/{@code trk_test_…}). */
    public SluiceBuilder tailpointKey(String key) { tailpointKey = key; return this; }
    /** Tailpoint API base including {@code /api} (default: endpoint + {@code /api}). */
    public SluiceBuilder tailpointEndpoint(String apiBase) { tailpointApi = strip(apiBase); return this; }
    /** Open Sentry public key; the ingest URL is endpoint + {@code /v1/ingest}. */
    public SluiceBuilder openSentryKey(String key) { openSentryKey = key; return this; }
    /** Open Sentry DSN {@code http://<key>@host:port/v1/ingest}; overrides endpoint and key. */
    public SluiceBuilder openSentryDsn(String dsn) { openSentryDsn = dsn; return this; }
    /** Pug private key ({@code prv_…}). */
    public SluiceBuilder pugKey(String key) { pugKey = key; return this; }
    /** Pug server origin (default: endpoint). */
    public SluiceBuilder pugEndpoint(String url) { pugEndpoint = strip(url); return this; }
    /** TraceStax key ({@code ts_live_…}/{@code ts_test_…}). */
    public SluiceBuilder traceStaxKey(String key) { traceStaxKey = key; return this; }
    /** TraceStax base URL (default: endpoint). */
    public SluiceBuilder traceStaxEndpoint(String url) { traceStaxEndpoint = strip(url); return this; }
    /** Tailpoint {@code source}: {@code sdk} (default), {@code api}, {@code sentry} or {@code manual}. */
    public SluiceBuilder source(String v) { source = v; return this; }
    /** Open Sentry {@code environment} of every error and transaction (default {@code production}). */
    public SluiceBuilder environment(String v) { environment = v; return this; }
    /** Open Sentry {@code release} of every error and transaction (default {@code unknown}). */
    public SluiceBuilder release(String v) { release = v; return this; }
    /** Batch size, wait and queue bound shared by the families (default {@link BatchConfig#defaults()}). */
    public SluiceBuilder batch(BatchConfig v) { batch = v; return this; }
    /** TCP connect timeout of every request (default 5 s). */
    public SluiceBuilder connectTimeout(Duration v) { connectTimeout = v; return this; }
    /** Timeout of one request, from sending to the whole answer (default 10 s). */
    public SluiceBuilder requestTimeout(Duration v) { requestTimeout = v; return this; }
    /** Deadline of {@link Sluice#close()}. */
    public SluiceBuilder closeTimeout(Duration v) { closeTimeout = v; return this; }
    /** Retry bounds: attempts in total, first backoff, backoff cap, and cap on total time. */
    public SluiceBuilder retry(int maxAttempts, Duration base, Duration maxDelay, Duration maxTotal) {
        retry = new RetryPolicy(maxAttempts, base, maxDelay, maxTotal);
        return this;
    }
    /**
     * Circuit breaker: after {@code consecutiveFailures} retryable failures in a row a family stops sending and
     * probes the server once after 1 s, then after 2 s, 4 s, … up to {@code openFor} (default 5 failures,
     * 30 s). A success closes it; {@link Sluice#flush} probes at once. Queued items wait, bounded.
     */
    public SluiceBuilder circuitBreaker(int consecutiveFailures, Duration openFor) {
        breakerThreshold = consecutiveFailures;
        breakerOpenFor = openFor;
        return this;
    }
    /** Dead-letter callback for every dropped item. */
    public SluiceBuilder onError(ErrorHandler v) { onError = Objects.requireNonNull(v); return this; }
    /** The clock for timestamps and durations (default UTC system clock; tests inject a fixed one). */
    public SluiceBuilder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
    /** Breadcrumbs kept per scope, 0–100 (default 50; the Open Sentry server refuses more than 100). */
    public SluiceBuilder maxBreadcrumbs(int v) { maxBreadcrumbs = v; return this; }
    /**
     * Share of errors and messages sent, 0.0–1.0 (default 1.0). As the Open Sentry SDK: an event is dropped
     * when a uniform random number in [0,1) is at or above the rate.
     */
    public SluiceBuilder sampleRate(double v) { sampleRate = rate(v); return this; }
    /**
     * Share of transactions sent, 0.0–1.0 (default 1.0; the browser Open Sentry SDK defaults to 0.1). LLM
     * generations are never sampled.
     */
    public SluiceBuilder tracesSampleRate(double v) { tracesSampleRate = rate(v); return this; }
    /**
     * Package prefixes of the application's own code (as Sentry's {@code inAppIncludes}): when set, only frames
     * under them are in-app. The server groups errors by in-app frames, and the SDK derives dedupe keys from them.
     */
    public SluiceBuilder inAppIncludes(String... packages) { inAppIncludes = List.of(packages); return this; }
    /**
     * Package prefixes that are not the application's (as Sentry's {@code inAppExcludes}), added to the default
     * list (the JDK, Jetty, Netty, Spring, Hibernate, Jackson, Apache, …). Ignored when includes are set.
     */
    public SluiceBuilder inAppExcludes(String... packages) { inAppExcludes = List.of(packages); return this; }
    /** TraceStax {@code framework} (default {@code generic}). */
    public SluiceBuilder framework(String v) { framework = v; return this; }
    /** TraceStax worker heartbeat interval (default 30 s). */
    public SluiceBuilder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }

    /** Close (drain with the close deadline) when the JVM shuts down; on by default. */
    public SluiceBuilder closeOnShutdown(boolean v) { shutdownHook = v; return this; }

    /** For tests of the SDK itself. */
    SluiceBuilder transport(Transport t) { transport = t; return this; }

    /**
     * Builds the client and starts one daemon sender thread per configured family.
     *
     * @throws IllegalArgumentException when a key is given without an endpoint, a DSN is malformed or the Pug
     *                                  key is not a private key
     */
    public Sluice build() {
        return SluiceFactory.create(toConfig());
    }

    SluiceConfig toConfig() {
        Optional<String> dsn = Optional.ofNullable(openSentryDsn)
                .or(() -> Optional.ofNullable(openSentryKey).map(k -> withKey(require("Open Sentry"), k)));
        dsn.ifPresent(Dsn::parse); // fail fast on a malformed DSN
        Optional<URI> tp = Optional.ofNullable(tailpointKey).map(k -> URI.create(
                tailpointApi != null ? tailpointApi : require("Tailpoint") + "/api"));
        Optional<URI> pug = Optional.ofNullable(pugKey).map(k -> URI.create(
                pugEndpoint != null ? pugEndpoint : require("Pug")));
        Optional<URI> ts = Optional.ofNullable(traceStaxKey).map(k -> URI.create(
                traceStaxEndpoint != null ? traceStaxEndpoint : require("TraceStax")));
        if (pugKey != null && !pugKey.startsWith("prv_")) {
            throw new IllegalArgumentException("Pug key must be a private key (prv_…)");
        }
        Transport t = transport != null ? transport
                : new JdkTransport(connectTimeout, requestTimeout, "sluice-java/" + Version.SDK);
        return new SluiceConfig(tp, Optional.ofNullable(tailpointKey), dsn, pug, Optional.ofNullable(pugKey), ts,
                Optional.ofNullable(traceStaxKey), source, environment, release, batch, connectTimeout,
                requestTimeout, closeTimeout, retry, breakerThreshold, breakerOpenFor, onError, clock,
                maxBreadcrumbs, t, framework, heartbeatInterval, shutdownHook, sampleRate, tracesSampleRate,
                new Frames(inAppIncludes, inAppExcludes));
    }

    private static double rate(double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException("sample rate must be between 0.0 and 1.0, got " + v);
        }
        return v;
    }

    private String require(String protocol) {
        if (endpoint == null) {
            throw new IllegalArgumentException(protocol + " key given but no endpoint");
        }
        return endpoint;
    }

    private static String withKey(String endpoint, String key) {
        URI u = URI.create(endpoint);
        return u.getScheme() + "://" + key + "@" + u.getRawAuthority() + "/v1/ingest";
    }

    private static String strip(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
