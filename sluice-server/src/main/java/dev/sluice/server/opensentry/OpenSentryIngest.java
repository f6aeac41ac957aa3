package dev.sluice.server.opensentry;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyHints;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Cors;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.ProtocolFlow;
import dev.sluice.server.ingest.Refusal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/ingest} for Open Sentry, with the spec's check order: credential present (401), size
 * (413), JSON (400), schema (400), key valid (403), rate (429 with {@code Retry-After}: the server's per-key and
 * per-project limits); then the batch is committed and only then answered 202.
 */
public final class OpenSentryIngest implements ProtocolFlow {

    /** Body limit of the protocol: 256 KiB, measured on the bytes read. */
    public static final int MAX_BODY = 262_144;
    /** Headers a browser may send cross-origin. */
    public static final String CORS_HEADERS = "Content-Type, X-Open-Sentry-Key, X-Sentry-Clone-Key, Idempotency-Key";

    static final HeaderName KEY = HeaderNames.create("X-Open-Sentry-Key");
    static final HeaderName LEGACY_KEY = HeaderNames.create("X-Sentry-Clone-Key");
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    private static final Set<KeyKind> KINDS = Set.of(KeyKind.OPENSENTRY);

    private OpenSentryIngest() {
    }

    /** The protocol, run by the ingest pipeline. */
    public static OpenSentryIngest create() {
        return new OpenSentryIngest();
    }

    /** Whether {@code req} carries an Open Sentry credential in any accepted place. */
    public static boolean hasCredential(ServerRequest req) {
        return credential(req).isPresent();
    }

    /** Header, then legacy header, then the first non-empty {@code key} query value; empty counts as missing. */
    static Optional<String> credential(ServerRequest req) {
        Optional<String> header = req.headers().first(KEY).filter(s -> !s.isEmpty());
        if (header.isPresent()) {
            return header;
        }
        Optional<String> legacy = req.headers().first(LEGACY_KEY).filter(s -> !s.isEmpty());
        if (legacy.isPresent()) {
            return legacy;
        }
        return req.query().all("key", List::of).stream().filter(s -> !s.isEmpty()).findFirst();
    }

    @Override
    public String protocol() {
        return "opensentry";
    }

    @Override
    public void admit(IngestSteps steps, ServerRequest req, ServerResponse res) throws Refusal {
        Cors.allowOrigin(res);
        String raw = credential(req).orElseThrow(() -> Refusal.of(Refusal.Reason.MISSING_KEY, "missing key")
                // where the key that was sent belongs (by its prefix only)
                .withHint(req.headers().first(HeaderNames.AUTHORIZATION)
                        .flatMap(a -> KeyHints.wrongPlace(a, KeyKind.OPENSENTRY))));
        byte[] body = steps.body(req, MAX_BODY);
        List<Item> items;
        try {
            items = OpenSentryParser.parse(body, req.headers().first(IDEMPOTENCY_KEY).filter(s -> !s.isEmpty()));
        } catch (OpenSentryParser.InvalidJson e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid_json", "Invalid JSON");
        } catch (InvalidPayload e) {
            throw Refusal.of(Refusal.Reason.INVALID, "invalid_payload", e.getMessage());
        }
        Credential credential = steps.authenticate(raw, KINDS);
        steps.limit(credential);
        IngestBatch batch = steps.batch(credential.project(), items);
        BatchOutcome outcome = steps.commit(batch, body.length);
        steps.accepted(protocol(), outcome);
        Json.send(res, Status.ACCEPTED_202, Json.object().put("id", batch.requestId()));
    }

    /**
     * The spec's body, {@code {"error": …}}, with a {@code details} field that says which field or what was
     * wrong where there is more to say (clients read only {@code error}).
     */
    @Override
    public void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
        Status status = Status.create(refusal.reason().status());
        switch (refusal.reason()) {
            case MISSING_KEY -> details(res, status, "Missing auth key",
                    refusal.hint().orElse("send the Open Sentry key (os_…) in the X-Open-Sentry-Key header"));
            case INVALID_KEY -> refusal.hint().ifPresentOrElse(h -> details(res, status, "Invalid DSN key", h),
                    () -> Json.error(res, status, "Invalid DSN key"));
            case TOO_LARGE -> Json.error(res, status, "Payload too large");
            case INVALID -> {
                switch (refusal.tag()) {
                    case "invalid_json" -> Json.error(res, status, "Invalid JSON");
                    case "invalid_payload" -> details(res, status, "Invalid payload", refusal.getMessage());
                    default -> Json.error(res, status, refusal.getMessage());
                }
            }
            case UNSUPPORTED_ENCODING -> Json.error(res, status, refusal.getMessage());
            case RATE_LIMITED -> Json.error(res, status, "Too many requests for this project, retry later");
            case UNAVAILABLE, QUOTA -> Json.error(res, Status.SERVICE_UNAVAILABLE_503,
                    "Service unavailable: " + refusal.getMessage() + ", retry later");
        }
    }

    private static void details(ServerResponse res, Status status, String error, String details) {
        Json.send(res, status, Json.object().put("error", error).put("details", details));
    }
}
