package dev.sluice.server.opensentry;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.Cors;
import dev.sluice.server.http.Json;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.Acks;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.log.LogUnavailableException;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.StoreException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/ingest} for Open Sentry, with the spec's check order: credential present (401), size
 * (413), JSON (400), schema (400), key valid (403), rate (429 with {@code Retry-After}: the server's per-key and
 * per-project limits); then the batch is committed and only then answered 202.
 */
public final class OpenSentryIngest implements Handler {

    /** Body limit of the protocol: 256 KiB, measured on the bytes read. */
    public static final int MAX_BODY = 262_144;
    /** Headers a browser may send cross-origin. */
    public static final String CORS_HEADERS = "Content-Type, X-Open-Sentry-Key, X-Sentry-Clone-Key, Idempotency-Key";

    static final HeaderName KEY = HeaderNames.create("X-Open-Sentry-Key");
    static final HeaderName LEGACY_KEY = HeaderNames.create("X-Sentry-Clone-Key");
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    private static final Logger LOG = LoggerFactory.getLogger(OpenSentryIngest.class);

    private final KeyRegistry keys;
    private final RateLimiter limiter;
    private final IngestLog log;
    private final Metrics metrics;
    private final Clock clock;
    private final Ids ids;

    private OpenSentryIngest(KeyRegistry keys, RateLimiter limiter, IngestLog log, Metrics metrics, Clock clock) {
        this.keys = keys;
        this.limiter = limiter;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = Ids.create(clock);
    }

    /** The handler: keys from {@code keys}, the server-wide limits of {@code limiter}. */
    public static OpenSentryIngest create(KeyRegistry keys, RateLimiter limiter, IngestLog log, Metrics metrics,
                                          Clock clock) {
        return new OpenSentryIngest(keys, limiter, log, metrics, clock);
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
    public void handle(ServerRequest req, ServerResponse res) {
        Cors.allowOrigin(res);
        Optional<String> rawKey = credential(req);
        if (rawKey.isEmpty()) {
            reject(res, Status.UNAUTHORIZED_401, "Missing auth key", "missing_key");
            return;
        }
        Optional<byte[]> body = BodyReader.read(req, MAX_BODY);
        if (body.isEmpty()) {
            reject(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "Payload too large", "too_large");
            return;
        }
        List<Item> items;
        try {
            items = OpenSentryParser.parse(body.get(), req.headers().first(IDEMPOTENCY_KEY).filter(s -> !s.isEmpty()));
        } catch (OpenSentryParser.InvalidJson e) {
            reject(res, Status.BAD_REQUEST_400, "Invalid JSON", "invalid_json");
            return;
        } catch (InvalidPayload e) {
            LOG.debug("event=invalid_payload detail=\"{}\"", e.getMessage());
            reject(res, Status.BAD_REQUEST_400, "Invalid payload", "invalid_payload");
            return;
        }
        Optional<Credential> credential;
        try {
            credential = keys.resolve(rawKey.get(), KeyKind.OPENSENTRY);
        } catch (StoreException e) {
            unavailable(res, 1, "cannot check the key now");
            return;
        }
        if (credential.isEmpty()) {
            reject(res, Status.FORBIDDEN_403, "Invalid DSN key", "invalid_key");
            return;
        }
        if (limiter.admit(credential.get()) instanceof RateLimiter.Limited l) {
            metrics.rejected("opensentry", "rate_limited");
            res.header(HeaderNames.RETRY_AFTER, Long.toString(l.retryAfterSeconds()));
            Json.error(res, Status.TOO_MANY_REQUESTS_429, "Too many requests for this project, retry later");
            return;
        }
        IngestBatch batch = new IngestBatch(ids.next(), credential.get().project(), clock.instant(), items);
        try {
            BatchOutcome outcome = Acks.commit(log, batch, body.get().length);
            metrics.accepted("opensentry", "stored", outcome.stored());
            metrics.accepted("opensentry", "duplicate", outcome.duplicates());
            Json.send(res, Status.ACCEPTED_202, Json.object().put("id", batch.requestId()));
        } catch (LogUnavailableException e) {
            unavailable(res, e.retryAfterSeconds(), e.getMessage());
        }
    }

    private void reject(ServerResponse res, Status status, String error, String reason) {
        metrics.rejected("opensentry", reason);
        Json.error(res, status, error);
    }

    private void unavailable(ServerResponse res, int retryAfterSeconds, String why) {
        metrics.rejected("opensentry", "unavailable");
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        Json.error(res, Status.SERVICE_UNAVAILABLE_503, "Service unavailable: " + why + ", retry later");
    }
}
