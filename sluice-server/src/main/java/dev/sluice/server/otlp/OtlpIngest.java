package dev.sluice.server.otlp;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.ingest.IngestPipeline;
import dev.sluice.server.ingest.ProtocolAdapter;
import dev.sluice.server.ingest.Refusal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OTLP/HTTP: {@code POST /v1/traces}, {@code /v1/logs} and {@code /v1/metrics}, protobuf or JSON, answered in
 * the request's encoding. The key (the project's Open Sentry key) is read from {@code Authorization: Bearer},
 * {@code x-api-key} or {@code X-Open-Sentry-Key} — what exporters let users set as headers.
 */
public final class OtlpIngest implements ProtocolAdapter<OtlpRequest> {

    static final int MAX_BODY = 20 * 1024 * 1024;
    static final int MAX_DECODED = 64 * 1024 * 1024;
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final HeaderName X_OPEN_SENTRY_KEY = HeaderNames.create("X-Open-Sentry-Key");

    private final OtlpSignal signal;

    private OtlpIngest(OtlpSignal signal) {
        this.signal = signal;
    }

    /** Registers the three signal routes; call before any catch-all route. */
    public static void register(HttpRouting.Builder routing, IngestPipeline pipeline) {
        for (OtlpSignal s : OtlpSignal.values()) {
            OtlpIngest adapter = new OtlpIngest(s);
            routing.post(s.path(), (req, res) -> pipeline.handle(req, res, adapter));
        }
    }

    @Override
    public String protocol() {
        return "otlp";
    }

    @Override
    public int maxBodyBytes() {
        return MAX_BODY;
    }

    @Override
    public int maxDecodedBytes() {
        return MAX_DECODED;
    }

    @Override
    public Set<KeyKind> kinds() {
        return Set.of(KeyKind.OPENSENTRY);
    }

    @Override
    public Optional<String> credential(ServerRequest req, byte[] body) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION).map(String::trim)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim());
        for (Optional<String> candidate : List.of(bearer, req.headers().first(X_API_KEY),
                req.headers().first(X_OPEN_SENTRY_KEY))) {
            if (candidate.isPresent() && !candidate.get().isBlank()) {
                return candidate.map(String::trim);
            }
        }
        return Optional.empty();
    }

    @Override
    public OtlpRequest decode(ServerRequest req, byte[] body, Credential credential) throws Refusal {
        OtlpCodec.Format format = OtlpCodec.format(req.headers().first(HeaderNames.CONTENT_TYPE))
                .orElseThrow(() -> Refusal.of(Refusal.Reason.UNSUPPORTED_ENCODING,
                        "Content-Type must be application/x-protobuf or application/json"));
        return signal.decode(body, format);
    }

    @Override
    public void accepted(ServerRequest req, ServerResponse res, OtlpRequest admitted, IngestBatch batch,
                         BatchOutcome outcome) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, admitted.format().contentType);
        res.send(OtlpCodec.write(admitted.response(), admitted.format()));
    }

    @Override
    public void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
        OtlpCodec.Format format = OtlpCodec.format(req.headers().first(HeaderNames.CONTENT_TYPE))
                .orElse(OtlpCodec.Format.JSON);
        res.status(Status.create(refusal.reason().status()));
        res.header(HeaderNames.CONTENT_TYPE, format.contentType);
        res.send(OtlpCodec.status(grpcCode(refusal.reason()), refusal.getMessage(), format));
    }

    /** The {@code google.rpc.Code} of each refusal. */
    static int grpcCode(Refusal.Reason reason) {
        return switch (reason) {
            case MISSING_KEY -> 16;
            case INVALID_KEY -> 7;
            case TOO_LARGE, RATE_LIMITED, QUOTA -> 8;
            case UNAVAILABLE -> 14;
            case INVALID, UNSUPPORTED_ENCODING -> 3;
        };
    }
}
