package dev.sluice.server.tracestax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.WorkerHeartbeatItem;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.Json;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.Acks;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.log.LogUnavailableException;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.JobCommand;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TraceStax edge ({@code ../shared/protocols/tracestax.md}): {@code /v1/ingest} (shared with Open Sentry,
 * dispatched by credential), {@code /v1/heartbeat}, {@code /v1/snapshot}, {@code /v1/lineage}, {@code /v1/dump}
 * and {@code /v1/ping}. Check order: key (401), workspace rate (429), size (413), JSON (400), schema (400),
 * plan and quota (402); then the batch is committed and only then answered. Test keys store into their own
 * environment.
 */
public final class TraceStaxIngest {

    /** The pause header every TraceStax SDK reads. */
    public static final HeaderName X_RETRY_AFTER = HeaderNames.create("X-Retry-After");
    /** Body limit of the protocol: 256 KB. */
    public static final int MAX_BODY = 262_144;
    /** Dumps are bigger by design (SDKs cap them at 500,000 characters, Go at 1 MiB): 2 MiB. */
    public static final int MAX_DUMP_BODY = 2 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TraceStaxIngest.class);

    private enum Endpoint { INGEST, HEARTBEAT, SNAPSHOT, LINEAGE, DUMP }

    private final Store store;
    private final IngestLog log;
    private final Metrics metrics;
    private final Clock clock;
    private final Ids ids;
    private final Gate gate;
    private final JobSettingsQueries settings;

    private TraceStaxIngest(Store store, KeyRegistry keys, IngestLog log, RateLimiter limiter,
                            RefreshingCache<ProjectId, JobSettings> cachedSettings, Metrics metrics, Clock clock) {
        this.store = store;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = Ids.create(clock);
        this.settings = JobSettingsQueries.create(store);
        this.gate = new Gate(keys, limiter, settings, cachedSettings, clock);
    }

    /**
     * The edge over {@code log}, authenticating with {@code keys}, limiting with the shared {@code limiter};
     * job settings come from {@code cachedSettings}, which the settings API invalidates.
     */
    public static TraceStaxIngest create(Store store, KeyRegistry keys, IngestLog log, RateLimiter limiter,
                                         RefreshingCache<ProjectId, JobSettings> cachedSettings, Metrics metrics,
                                         Clock clock) {
        return new TraceStaxIngest(store, keys, log, limiter, cachedSettings, metrics, clock);
    }

    /** Whether a {@code /v1/ingest} request carries a TraceStax key ({@code ts_…} as Bearer or X-Api-Key). */
    public static boolean isTraceStax(ServerRequest req) {
        return Gate.looksLikeTraceStax(req);
    }

    /** Registers the TraceStax-only paths; {@code /v1/ingest} is dispatched to {@link #ingest} by the caller. */
    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/heartbeat", (req, res) -> post(req, res, Endpoint.HEARTBEAT))
                .post("/v1/snapshot", (req, res) -> post(req, res, Endpoint.SNAPSHOT))
                .post("/v1/lineage", (req, res) -> post(req, res, Endpoint.LINEAGE))
                .post("/v1/dump", (req, res) -> post(req, res, Endpoint.DUMP))
                .get("/v1/ping", this::ping);
    }

    /** {@code POST /v1/ingest} with a TraceStax key. */
    public void ingest(ServerRequest req, ServerResponse res) {
        post(req, res, Endpoint.INGEST);
    }

    private void post(ServerRequest req, ServerResponse res, Endpoint endpoint) {
        try {
            Optional<Gate.Caller> caller = admit(req, res);
            if (caller.isEmpty()) {
                return;
            }
            Optional<byte[]> body = BodyReader.read(req, endpoint == Endpoint.DUMP ? MAX_DUMP_BODY : MAX_BODY);
            if (body.isEmpty()) {
                reject(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large", "body is larger than the limit");
                return;
            }
            List<Item> items;
            int rejected = 0;
            try {
                if (endpoint == Endpoint.INGEST) {
                    TraceStaxParser.Parsed parsed = TraceStaxParser.ingest(body.get(), caller.get().env());
                    items = parsed.items();
                    rejected = parsed.rejected();
                } else {
                    items = List.of(single(endpoint, TraceStaxParser.object(body.get()), caller.get()));
                }
            } catch (Invalid e) {
                reject(res, Status.BAD_REQUEST_400, e.notJson() ? "invalid_json" : "validation_error", e.getMessage());
                return;
            }
            JobSettings s = caller.get().settings();
            if (endpoint == Endpoint.LINEAGE && !s.atLeast("starter")) {
                reject(res, Replies.PAYMENT_REQUIRED, "feature_not_available",
                        "lineage needs the starter plan or higher (this project: " + s.planTier() + ")");
                return;
            }
            if (endpoint == Endpoint.INGEST && gate.overQuota(caller.get())) {
                reject(res, Replies.PAYMENT_REQUIRED, "monthly_limit_reached", "the monthly event quota is used up");
                return;
            }
            if (!items.isEmpty() && !commit(res, caller.get(), items, body.get().length)) {
                return;
            }
            metrics.accepted("tracestax", "rejected_item", rejected);
            answer(res, endpoint, caller.get(), items, rejected);
        } catch (StoreException e) {
            // A key or the job settings could not be read (store unreachable, nothing cached yet).
            if (!res.isSent()) {
                unavailable(res, 1);
            }
        } catch (RuntimeException e) {
            LOG.error("event=tracestax_error path={} error=\"{}\"", req.path().path(), e.toString(), e);
            if (!res.isSent()) {
                Replies.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error", "unexpected server error");
            }
        }
    }

    private static Item single(Endpoint endpoint, JsonNode o, Gate.Caller caller) throws Invalid {
        return switch (endpoint) {
            case HEARTBEAT -> ItemParser.heartbeat(o, caller.env());
            case SNAPSHOT -> ItemParser.snapshot(o, caller.env());
            case LINEAGE -> ItemParser.lineage(o, caller.env());
            case DUMP -> ItemParser.dump(o, caller.env());
            case INGEST -> throw new IllegalStateException("ingest bodies are parsed as batches");
        };
    }

    /** Key, then rate; answers the refusal itself. */
    private Optional<Gate.Caller> admit(ServerRequest req, ServerResponse res) {
        Optional<Gate.Caller> caller = gate.authenticate(req);
        if (caller.isEmpty()) {
            reject(res, Status.UNAUTHORIZED_401, "unauthorized", "missing, malformed or revoked API key");
            return Optional.empty();
        }
        Optional<Long> wait = gate.rateLimited(caller.get());
        if (wait.isPresent()) {
            metrics.rejected("tracestax", "rate_limit_exceeded");
            Replies.retryLater(res, Status.TOO_MANY_REQUESTS_429, "rate_limit_exceeded",
                    "over " + caller.get().settings().ratePerMinute() + " requests per minute for this workspace",
                    wait.get());
            return Optional.empty();
        }
        return caller;
    }

    /** Appends and waits for the commit; answers 503 itself and returns false when it did not happen. */
    private boolean commit(ServerResponse res, Gate.Caller caller, List<Item> items, int size) {
        IngestBatch batch = new IngestBatch(ids.next(), caller.project(), clock.instant(), items);
        try {
            BatchOutcome outcome = Acks.commit(log, batch, size);
            metrics.accepted("tracestax", "stored", outcome.stored());
            metrics.accepted("tracestax", "duplicate", outcome.duplicates());
            return true;
        } catch (LogUnavailableException e) {
            unavailable(res, e.retryAfterSeconds());
            return false;
        }
    }

    private void answer(ServerResponse res, Endpoint endpoint, Gate.Caller caller, List<Item> items, int rejected) {
        long now = clock.millis();
        JobSettings s = caller.settings();
        boolean paused = s.pauseIngest() && s.pauseUntilMs().orElse(Long.MAX_VALUE) > now;
        switch (endpoint) {
            case HEARTBEAT -> {
                WorkerHeartbeatItem h = (WorkerHeartbeatItem) items.getFirst();
                List<JobCommand> commands = store.write(tx -> tx.jobs().takeCommands(caller.project(), caller.env(),
                        h.worker().key(), now));
                ObjectNode body = Replies.ok();
                ObjectNode directives = body.putObject("directives").put("pause_ingest", paused);
                if (paused && s.pauseUntilMs().isPresent()) {
                    directives.put("pause_until_ms", s.pauseUntilMs().getAsLong());
                } else {
                    directives.putNull("pause_until_ms");
                }
                ArrayNode list = directives.putArray("commands");
                commands.forEach(c -> list.addObject().put("id", c.id()).put("type", c.type()));
                Json.send(res, Status.OK_200, body);
            }
            case INGEST -> {
                if (paused) {
                    // Spec §9.3: SDKs pause flushing for X-Retry-After seconds on any response.
                    long until = s.pauseUntilMs().orElse(now + 60_000);
                    res.header(X_RETRY_AFTER, Long.toString(Math.max(1, (until - now + 999) / 1000)));
                }
                Json.send(res, Status.ACCEPTED_202, Replies.ok().put("accepted", items.size()).put("rejected", rejected));
            }
            default -> Json.send(res, Status.ACCEPTED_202, Replies.ok());
        }
    }

    private void ping(ServerRequest req, ServerResponse res) {
        try {
            Optional<Gate.Caller> caller = admit(req, res);
            if (caller.isEmpty()) {
                return;
            }
            String project = caller.get().project().value();
            ObjectNode body = Replies.ok();
            body.putObject("data").put("project_id", project)
                    .put("project_name", settings.projectName(caller.get().project()).orElse(project))
                    .put("workspace_id", project).put("plan_tier", caller.get().settings().planTier());
            Json.send(res, Status.OK_200, body);
        } catch (StoreException e) {
            if (!res.isSent()) {
                unavailable(res, 1);
            }
        } catch (RuntimeException e) {
            LOG.error("event=tracestax_error path=/v1/ping error=\"{}\"", e.toString(), e);
            if (!res.isSent()) {
                Replies.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error", "unexpected server error");
            }
        }
    }

    private void reject(ServerResponse res, Status status, String code, String message) {
        metrics.rejected("tracestax", code);
        Replies.error(res, status, code, message);
    }

    private void unavailable(ServerResponse res, int seconds) {
        metrics.rejected("tracestax", "service_unavailable");
        Replies.retryLater(res, Status.SERVICE_UNAVAILABLE_503, "service_unavailable", "could not queue; retry later",
                seconds);
    }
}
