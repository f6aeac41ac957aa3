package dev.sluice.server.tracestax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.HeartbeatOutcome;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.IngestPipeline;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.ProtocolFlow;
import dev.sluice.server.ingest.Refusal;
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
 * then the batch is committed, plan and quota (402) decided by the digest inside that commit, and only then
 * answered. Test keys store into their own
 * environment. One flow per endpoint, all run by the ingest pipeline.
 */
public final class TraceStaxIngest implements ProtocolFlow {

    /** The pause header every TraceStax SDK reads. */
    public static final HeaderName X_RETRY_AFTER = HeaderNames.create("X-Retry-After");
    /** Body limit of the protocol: 256 KB. */
    public static final int MAX_BODY = 262_144;
    /** Dumps are bigger by design (SDKs cap them at 500,000 characters, Go at 1 MiB): 2 MiB. */
    public static final int MAX_DUMP_BODY = 2 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TraceStaxIngest.class);

    private enum Endpoint { INGEST, HEARTBEAT, SNAPSHOT, LINEAGE, DUMP, PING }

    private final Endpoint endpoint;
    private final Gate gate;
    private final Clock clock;

    private TraceStaxIngest(Endpoint endpoint, Gate gate, Clock clock) {
        this.endpoint = endpoint;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * Registers {@code /v1/heartbeat|snapshot|lineage|dump|ping} on {@code pipeline} and returns the flow of
     * {@code POST /v1/ingest}, which the caller dispatches by credential. Job settings come from
     * {@code cachedSettings}, which the settings API invalidates.
     */
    public static TraceStaxIngest register(HttpRouting.Builder routing, IngestPipeline pipeline, Store store,
                                           RefreshingCache<ProjectId, JobSettings> cachedSettings, Clock clock) {
        Gate gate = new Gate(JobSettingsQueries.create(store), cachedSettings);
        for (Endpoint e : List.of(Endpoint.HEARTBEAT, Endpoint.SNAPSHOT, Endpoint.LINEAGE, Endpoint.DUMP)) {
            TraceStaxIngest flow = new TraceStaxIngest(e, gate, clock);
            routing.post("/v1/" + e.name().toLowerCase(java.util.Locale.ROOT),
                    (req, res) -> pipeline.handle(req, res, flow));
        }
        TraceStaxIngest ping = new TraceStaxIngest(Endpoint.PING, gate, clock);
        routing.get("/v1/ping", (req, res) -> pipeline.handle(req, res, ping));
        return new TraceStaxIngest(Endpoint.INGEST, gate, clock);
    }

    /** Whether a {@code /v1/ingest} request carries a TraceStax key ({@code ts_…} as Bearer or X-Api-Key). */
    public static boolean isTraceStax(ServerRequest req) {
        return Gate.looksLikeTraceStax(req);
    }

    @Override
    public String protocol() {
        return "tracestax";
    }

    @Override
    public void admit(IngestSteps steps, ServerRequest req, ServerResponse res) throws Refusal {
        try {
            if (endpoint == Endpoint.PING) {
                ping(gate.admit(steps, req), res);
                return;
            }
            // the store is down: answer now, not after the quota and shared-bucket look-ups time out
            steps.available();
            post(steps, req, res, gate.admit(steps, req));
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("event=tracestax_error path={} error=\"{}\"", req.path().path(), e.toString(), e);
            if (!res.isSent()) {
                Replies.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error", "unexpected server error");
            }
        }
    }

    private void post(IngestSteps steps, ServerRequest req, ServerResponse res, Gate.Caller caller) throws Refusal {
        byte[] body = steps.body(req, endpoint == Endpoint.DUMP ? MAX_DUMP_BODY : MAX_BODY);
        List<Item> items;
        int rejected = 0;
        try {
            if (endpoint == Endpoint.INGEST) {
                TraceStaxParser.Parsed parsed = TraceStaxParser.ingest(body, caller.env());
                items = parsed.items();
                rejected = parsed.rejected();
            } else {
                items = List.of(single(TraceStaxParser.object(body), caller));
            }
        } catch (Invalid e) {
            throw Refusal.of(Refusal.Reason.INVALID, e.notJson() ? "invalid_json" : "validation_error",
                    e.getMessage());
        }
        // Live ingest spends the monthly quota and lineage needs a plan: the digest decides both inside the
        // commit (the single writer, against the settings it commits with), so concurrent batches cannot both
        // spend the quota's last unit. Test keys have no quota effects.
        boolean metered = endpoint == Endpoint.INGEST && caller.env() == JobEnv.LIVE;
        BatchOutcome outcome = steps.commit(metered ? steps.meteredBatch(caller.project(), items)
                : steps.batch(caller.project(), items), body.length);
        Optional<ItemOutcome.Rejected> refused = outcome.refused().or(() -> outcome.items().stream()
                .filter(ItemOutcome.Rejected.class::isInstance).map(ItemOutcome.Rejected.class::cast).findFirst());
        if (refused.isPresent()) {
            throw Refusal.of(Refusal.Reason.QUOTA, refused.get().code(), refused.get().message());
        }
        steps.accepted(protocol(), outcome);
        steps.accepted(protocol(), "rejected_item", rejected);
        answer(res, caller, items, rejected, outcome);
    }

    private Item single(JsonNode o, Gate.Caller caller) throws Invalid {
        return switch (endpoint) {
            case HEARTBEAT -> ItemParser.heartbeat(o, caller.env());
            case SNAPSHOT -> ItemParser.snapshot(o, caller.env());
            case LINEAGE -> ItemParser.lineage(o, caller.env());
            case DUMP -> ItemParser.dump(o, caller.env());
            case INGEST, PING -> throw new IllegalStateException(endpoint + " has no single item");
        };
    }

    private void answer(ServerResponse res, Gate.Caller caller, List<Item> items, int rejected,
                        BatchOutcome outcome) {
        long now = clock.millis();
        JobSettings s = caller.settings();
        boolean paused = s.pauseIngest() && s.pauseUntilMs().orElse(Long.MAX_VALUE) > now;
        switch (endpoint) {
            case HEARTBEAT -> {
                // The digest took the worker's queued commands inside the heartbeat's commit.
                List<HeartbeatOutcome.Command> commands = outcome.items().getFirst() instanceof HeartbeatOutcome h
                        ? h.commands() : List.of();
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

    private void ping(Gate.Caller caller, ServerResponse res) {
        String project = caller.project().value();
        ObjectNode body = Replies.ok();
        body.putObject("data").put("project_id", project)
                .put("project_name", gate.projectName(caller.project()).orElse(project))
                .put("workspace_id", project).put("plan_tier", caller.settings().planTier());
        Json.send(res, Status.OK_200, body);
    }

    /** TraceStax's error code, also the rejection counter's reason. */
    @Override
    public String reasonTag(Refusal refusal) {
        return switch (refusal.reason()) {
            case MISSING_KEY, INVALID_KEY -> "unauthorized";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case TOO_LARGE -> "payload_too_large";
            case UNAVAILABLE -> "service_unavailable";
            case UNSUPPORTED_ENCODING, INVALID, QUOTA -> refusal.tag();
        };
    }

    @Override
    public void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
        String code = reasonTag(refusal);
        switch (refusal.reason()) {
            case MISSING_KEY, INVALID_KEY -> Replies.error(res, Status.UNAUTHORIZED_401, code,
                    "missing, malformed or revoked API key");
            case TOO_LARGE -> Replies.error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, code,
                    "body is larger than the limit");
            case RATE_LIMITED -> Replies.retryLater(res, Status.TOO_MANY_REQUESTS_429, code, refusal.getMessage(),
                    refusal.retryAfterSeconds());
            case UNAVAILABLE -> Replies.retryLater(res, Status.SERVICE_UNAVAILABLE_503, code,
                    "could not queue; retry later", refusal.retryAfterSeconds());
            case QUOTA -> Replies.error(res, Replies.PAYMENT_REQUIRED, code, refusal.getMessage());
            case UNSUPPORTED_ENCODING, INVALID -> Replies.error(res, Status.create(refusal.reason().status()), code,
                    refusal.getMessage());
        }
    }
}
