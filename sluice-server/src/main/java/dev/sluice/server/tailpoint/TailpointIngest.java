package dev.sluice.server.tailpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.TaskItem;
import dev.sluice.protocol.TaskOutcome;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.Json;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.Acks;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.log.LogUnavailableException;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.StoreException;
import dev.sluice.store.TaskSettings;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/ingest/tasks}, in the original's order: body parser (100 KB, JSON) → key (401) → rate
 * limit per key (429, with {@code Retry-After}, which the original omits) → 50 KB size (413) → DTO rules (400)
 * → test keys answer {@code validated} without writing → live events are committed and answered from their
 * own digest outcome: 201 created or 200 deduped.
 */
public final class TailpointIngest implements Handler {

    /** The body parser's cap (Express's default), checked before anything else. */
    static final int PARSER_LIMIT = 102_400;
    /** The ingestion size limit, on the declared length and on the re-serialised body. */
    static final int INGEST_LIMIT = 51_200;

    private final KeyRegistry keys;
    private final IngestLog log;
    private final RateLimiter limiter;
    private final TaskSettingsCache settings;
    private final Metrics metrics;
    private final Clock clock;
    private final Ids ids;
    private final TailpointErrors errors;

    private TailpointIngest(KeyRegistry keys, IngestLog log, RateLimiter limiter, TaskSettingsCache settings,
                            Metrics metrics, Clock clock) {
        this.keys = keys;
        this.log = log;
        this.limiter = limiter;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = Ids.create(clock);
        this.errors = new TailpointErrors(clock);
    }

    /** The handler. */
    public static TailpointIngest create(KeyRegistry keys, IngestLog log, RateLimiter limiter,
                                         TaskSettingsCache settings, Metrics metrics, Clock clock) {
        return new TailpointIngest(keys, log, limiter, settings, metrics, clock);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        try {
            ingest(req, res);
        } catch (StoreException e) {
            // A key or the project's settings could not be read (store unreachable, nothing cached yet).
            if (!res.isSent()) {
                unavailable(req, res, 1);
            }
        }
    }

    private void ingest(ServerRequest req, ServerResponse res) {
        Optional<byte[]> raw = BodyReader.read(req, PARSER_LIMIT);
        if (raw.isEmpty()) {
            reject(req, res, 413, "Payload Too Large", "request entity too large", "too_large");
            return;
        }
        JsonNode body;
        try {
            body = raw.get().length == 0 ? Json.object() : Json.MAPPER.readTree(raw.get());
        } catch (IOException e) {
            reject(req, res, 400, "Bad Request", "Unexpected token in JSON body", "invalid_json");
            return;
        }
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isEmpty() || !authorization.get().startsWith("Bearer ")) {
            reject(req, res, 401, "Unauthorized", "Missing ingestion API key", "missing_key");
            return;
        }
        String rawKey = authorization.get().substring("Bearer ".length()).trim();
        Optional<Credential> credential = rawKey.startsWith("trk_live_") || rawKey.startsWith("trk_test_")
                ? keys.resolve(rawKey).filter(c -> c.kind() == KeyKind.TAILPOINT_LIVE || c.kind() == KeyKind.TAILPOINT_TEST)
                : Optional.empty();
        if (credential.isEmpty()) {
            reject(req, res, 401, "Unauthorized", "Invalid ingestion API key", "invalid_key");
            return;
        }
        TaskSettings projectSettings = settings.get(credential.get().project());
        // The project's ratePerMinute is Tailpoint's per-key limit (spec §4), in place of the server's.
        if (limiter.admit(credential.get(), RateLimiter.Limit.perMinuteOrNone(projectSettings.ratePerMinute()),
                limiter.defaults().perProject()) instanceof RateLimiter.Limited l) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(l.retryAfterSeconds()));
            reject(req, res, 429, "TOO_MANY_REQUESTS", "Too many ingestion requests for this API key", "rate_limited");
            return;
        }
        if (req.headers().contentLength().orElse(0) > INGEST_LIMIT || reserialisedSize(body) > INGEST_LIMIT) {
            reject(req, res, 413, "PAYLOAD_TOO_LARGE", "Ingestion payload exceeds 50KB", "too_large");
            return;
        }
        TaskItem item;
        try {
            item = TailpointParser.parse(body, credential.get().keyId());
        } catch (TailpointParser.Invalid e) {
            metrics.rejected("tailpoint", "invalid_payload");
            errors.send(req, res, 400, "Bad Request", e.getMessage(), e.details);
            return;
        }
        if (credential.get().kind() == KeyKind.TAILPOINT_TEST) {
            metrics.accepted("tailpoint", "validated", 1);
            Json.send(res, Status.OK_200, Json.object().put("status", "validated").put("test", true)
                    .put("projectId", settings.projectNumber(credential.get().project()))
                    .put("targetStatusId", projectSettings.defaultStatusId()));
            return;
        }
        commit(req, res, new IngestBatch(ids.next(), credential.get().project(), clock.instant(), List.of(item)),
                raw.get().length);
    }

    private void commit(ServerRequest req, ServerResponse res, IngestBatch batch, int size) {
        try {
            BatchOutcome outcome = Acks.commit(log, batch, size);
            switch (outcome.items().getFirst()) {
                case TaskOutcome t -> {
                    metrics.accepted("tailpoint", t.created() ? "created" : "deduped", 1);
                    Json.send(res, t.created() ? Status.CREATED_201 : Status.OK_200, Json.object()
                            .put("status", t.created() ? "created" : "deduped").put("taskId", t.taskId())
                            .put("occurrenceCount", t.occurrenceCount()).put("eventId", t.eventId())
                            .put("idempotent", t.idempotent()));
                }
                case ItemOutcome.Rejected r -> reject(req, res, r.status(), r.code(), r.message(), "domain");
                default -> throw new IllegalStateException("unexpected outcome " + outcome.items().getFirst());
            }
        } catch (LogUnavailableException e) {
            unavailable(req, res, e.retryAfterSeconds());
        }
    }

    /** The original measures {@code JSON.stringify(body)}: compact JSON, UTF-8. */
    private static int reserialisedSize(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body).length;
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    private void unavailable(ServerRequest req, ServerResponse res, int retryAfter) {
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfter));
        reject(req, res, 503, "SERVICE_UNAVAILABLE", "Ingestion is temporarily unavailable, retry later", "unavailable");
    }

    private void reject(ServerRequest req, ServerResponse res, int status, String error, String message, String reason) {
        metrics.rejected("tailpoint", reason);
        errors.send(req, res, status, error, message);
    }
}
