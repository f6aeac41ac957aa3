package dev.sluice.server.tailpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.TaskItem;
import dev.sluice.protocol.TaskOutcome;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.ProtocolFlow;
import dev.sluice.server.ingest.Refusal;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.TaskSettings;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/ingest/tasks}, in the original's order: body parser (100 KB, JSON) → key (401) → rate
 * limit per key (429, with {@code Retry-After}, which the original omits) → 50 KB size (413) → DTO rules (400)
 * → test keys answer {@code validated} without writing → live events are committed and answered from their
 * own digest outcome: 201 created or 200 deduped.
 */
public final class TailpointIngest implements ProtocolFlow {

    /** The body parser's cap (Express's default), checked before anything else. */
    static final int PARSER_LIMIT = 102_400;
    /** The ingestion size limit, on the declared length and on the re-serialised body. */
    static final int INGEST_LIMIT = 51_200;
    private static final String OVER_INGEST_LIMIT = "Ingestion payload exceeds 50KB";
    private static final Set<KeyKind> KINDS = Set.of(KeyKind.TAILPOINT_LIVE, KeyKind.TAILPOINT_TEST);

    private final TaskSettingsCache settings;
    private final Metrics metrics;
    private final TailpointErrors errors;

    private TailpointIngest(TaskSettingsCache settings, Metrics metrics, Clock clock) {
        this.settings = settings;
        this.metrics = metrics;
        this.errors = new TailpointErrors(clock);
    }

    /** The protocol, run by the ingest pipeline; project settings from {@code settings}. */
    public static TailpointIngest create(TaskSettingsCache settings, Metrics metrics, Clock clock) {
        return new TailpointIngest(settings, metrics, clock);
    }

    @Override
    public String protocol() {
        return "tailpoint";
    }

    @Override
    public void admit(IngestSteps steps, ServerRequest req, ServerResponse res) throws Refusal {
        byte[] raw = steps.body(req, PARSER_LIMIT);
        JsonNode body;
        try {
            body = raw.length == 0 ? Json.object() : Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid_json", "Unexpected token in JSON body");
        }
        String rawKey = req.headers().first(HeaderNames.AUTHORIZATION).filter(a -> a.startsWith("Bearer "))
                .map(a -> a.substring("Bearer ".length()).trim())
                .orElseThrow(() -> Refusal.of(Refusal.Reason.MISSING_KEY, "Missing ingestion API key"));
        // Only Tailpoint-shaped keys are looked up: anything else cannot spend the unknown-key budget.
        Credential credential = rawKey.startsWith("trk_live_") || rawKey.startsWith("trk_test_")
                ? steps.authenticate(rawKey, KINDS) : throwing(steps.invalidKey(rawKey, KINDS));
        boolean live = credential.kind() == KeyKind.TAILPOINT_LIVE;
        if (live) {
            steps.available();
        }
        TaskSettings projectSettings = settings.get(credential.project());
        // The project's ratePerMinute is Tailpoint's per-key limit (spec §4), in place of the server's.
        steps.limit(credential, RateLimiter.Limit.perMinuteOrNone(projectSettings.ratePerMinute()),
                steps.defaults().perProject());
        if (req.headers().contentLength().orElse(0) > INGEST_LIMIT || reserialisedSize(body) > INGEST_LIMIT) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, OVER_INGEST_LIMIT);
        }
        TaskItem item;
        try {
            item = TailpointParser.parse(body, credential.keyId());
        } catch (TailpointParser.Invalid e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid_payload", e.getMessage()).withDetails(e.details);
        }
        if (!live) {
            steps.accepted(protocol(), "validated", 1);
            Json.send(res, Status.OK_200, Json.object().put("status", "validated").put("test", true)
                    .put("projectId", settings.projectNumber(credential.project()))
                    .put("targetStatusId", projectSettings.defaultStatusId()));
            return;
        }
        IngestBatch batch = steps.batch(credential.project(), List.of(item));
        BatchOutcome outcome = steps.commit(batch, raw.length);
        switch (outcome.items().getFirst()) {
            case TaskOutcome t -> {
                steps.accepted(protocol(), t.created() ? "created" : "deduped", 1);
                Json.send(res, t.created() ? Status.CREATED_201 : Status.OK_200, Json.object()
                        .put("status", t.created() ? "created" : "deduped").put("taskId", t.taskId())
                        .put("occurrenceCount", t.occurrenceCount()).put("eventId", t.eventId())
                        .put("idempotent", t.idempotent()));
            }
            case ItemOutcome.Rejected r -> {
                metrics.rejected(protocol(), "domain");
                errors.send(req, res, r.status(), r.code(), r.message());
            }
            default -> throw new IllegalStateException("unexpected outcome " + outcome.items().getFirst());
        }
    }

    private static Credential throwing(Refusal refusal) throws Refusal {
        throw refusal;
    }

    @Override
    public void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
        int status = refusal.reason().status();
        switch (refusal.reason()) {
            case MISSING_KEY -> errors.send(req, res, 401, "Unauthorized", refusal.getMessage());
            case INVALID_KEY -> errors.send(req, res, 401, "Unauthorized", "Invalid ingestion API key",
                    refusal.details());
            case TOO_LARGE -> {
                if (refusal.getMessage().equals(OVER_INGEST_LIMIT)) {
                    errors.send(req, res, status, "PAYLOAD_TOO_LARGE", OVER_INGEST_LIMIT);
                } else {
                    errors.send(req, res, status, "Payload Too Large", "request entity too large");
                }
            }
            case UNSUPPORTED_ENCODING -> errors.send(req, res, status, "Unsupported Media Type",
                    refusal.getMessage());
            case INVALID -> errors.send(req, res, status, "Bad Request", refusal.getMessage(), refusal.details());
            case RATE_LIMITED -> errors.send(req, res, status, "TOO_MANY_REQUESTS",
                    "Too many ingestion requests for this API key");
            case UNAVAILABLE, QUOTA -> errors.send(req, res, 503, "SERVICE_UNAVAILABLE",
                    "Ingestion is temporarily unavailable, retry later");
        }
    }

    /**
     * {@code POST /v1/ingest/tasks}: a client configured with {@code endpoint = http://host:3001} instead of
     * {@code …/api}. Still a 404, in Tailpoint's shape, with the fix in {@code details}.
     */
    public void misplaced(ServerRequest req, ServerResponse res) {
        metrics.rejected(protocol(), "wrong_path");
        errors.send(req, res, 404, "Not Found", "Cannot POST " + req.path().rawPath(), List.of(
                "Tailpoint tasks go to POST /api/v1/ingest/tasks: set the SDK endpoint to http://HOST:PORT/api"));
    }

    /** The original measures {@code JSON.stringify(body)}: compact JSON, UTF-8. */
    private static int reserialisedSize(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body).length;
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }
}
