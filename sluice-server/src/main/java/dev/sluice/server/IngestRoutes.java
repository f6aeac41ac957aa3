package dev.sluice.server;

import dev.sluice.server.http.Cors;
import dev.sluice.server.ingest.IngestPipeline;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.opensentry.OpenSentryIngest;
import dev.sluice.server.otlp.OtlpIngest;
import dev.sluice.server.sentry.SentryIngest;
import dev.sluice.server.tailpoint.TailpointIngest;
import dev.sluice.server.tracestax.TraceStaxIngest;
import io.helidon.webserver.http.HttpRouting;

/** The ingest protocols' routes (Pug's live in {@link Routes}, after every fixed path). */
final class IngestRoutes {

    private IngestRoutes() {
    }

    static void register(HttpRouting.Builder routing, Components c) {
        IngestPipeline pipeline = pipeline(c);
        SentryIngest.register(routing, pipeline, c.store(), c.metrics(), c.clock());
        OtlpIngest.register(routing, pipeline);
        OpenSentryIngest openSentry = OpenSentryIngest.create();
        TraceStaxIngest traceStax = TraceStaxIngest.register(routing, pipeline, c.store(), c.jobSettings(),
                c.clock());
        // Open Sentry and TraceStax share POST /v1/ingest: a TraceStax-shaped request without an Open Sentry
        // credential is TraceStax's.
        routing.options("/v1/ingest", (req, res) -> Cors.preflight(req, res, OpenSentryIngest.CORS_HEADERS))
                .post("/v1/ingest", (req, res) -> {
                    if (TraceStaxIngest.isTraceStax(req) && !OpenSentryIngest.hasCredential(req)) {
                        pipeline.handle(req, res, traceStax);
                        return;
                    }
                    pipeline.handle(req, res, openSentry);
                });
        TailpointIngest tailpoint = TailpointIngest.create(c.taskSettings(), c.metrics(), c.clock());
        routing.post("/api/v1/ingest/tasks", (req, res) -> pipeline.handle(req, res, tailpoint))
                .post("/api/v1/ingest/tasks/", (req, res) -> pipeline.handle(req, res, tailpoint))
                .post("/v1/ingest/tasks", tailpoint::misplaced).post("/v1/ingest/tasks/", tailpoint::misplaced);
    }

    /** Only the OTLP routes, for the extra listener on the exporters' default port. */
    static void registerOtlp(HttpRouting.Builder routing, Components c) {
        OtlpIngest.register(routing, pipeline(c));
    }

    /** The adapter pipeline: the shared key/project limits, then node-local per-category buckets. */
    private static IngestPipeline pipeline(Components c) {
        return IngestPipeline.create(c.keys(), c.log(), c.limiter(), RateLimiter.create(c.clock()),
                RateLimiter.Limit.perMinute(c.config().protocols().ratePerMinute()), c.metrics(), c.clock());
    }
}
