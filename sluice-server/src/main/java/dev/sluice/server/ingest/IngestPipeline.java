package dev.sluice.server.ingest;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.http.BodyException;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.Acks;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.log.LogUnavailableException;
import dev.sluice.server.metrics.Metrics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one admission flow every adapter-based protocol goes through:
 * <ol>
 *   <li>read the body up to the adapter's wire limit (413), counting bytes actually read;</li>
 *   <li>undo {@code Content-Encoding} up to the decoded limit (413 / 415 / 400);</li>
 *   <li>credential (401) → key lookup by hash, constant-time confirmed, of an accepted kind (403);</li>
 *   <li>decode into canonical items (400, in the protocol's error shape);</li>
 *   <li>rate limit per key and category (429, with the limited categories);</li>
 *   <li>{@link IngestLog#append} and wait for the durable commit (503 + Retry-After when it cannot);</li>
 *   <li>the adapter's answer, sent only after the commit.</li>
 * </ol>
 * The credential comes after the body because Sentry may carry the key inside the envelope; decoding comes
 * before the rate limit because Sentry limits per item category. A refusal at any step stores nothing.
 */
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    /** A category with at most this share of its (key, category) allowance left is "near its limit". */
    public static final int NEAR_LIMIT_PERCENT = 10;

    private final KeyRegistry keys;
    private final IngestLog log;
    private final RateLimiter limiter;
    private final RateLimiter categoryLimiter;
    private final RateLimiter.Limit limit;
    private final Metrics metrics;
    private final Clock clock;
    private final Ids ids;

    private IngestPipeline(KeyRegistry keys, IngestLog log, RateLimiter limiter, RateLimiter categoryLimiter,
                           RateLimiter.Limit limit, Metrics metrics, Clock clock) {
        this.keys = keys;
        this.log = log;
        this.limiter = limiter;
        this.categoryLimiter = categoryLimiter;
        this.limit = limit;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = Ids.create(clock);
    }

    /**
     * A pipeline over the shared pieces.
     *
     * @param limiter the server's limiter: its per-key and per-project limits, as every protocol applies them
     * @param categoryLimiter buckets per (key, item category); node-local, so a check never costs a round trip
     * @param limit the allowance of each (key, category) bucket
     */
    public static IngestPipeline create(KeyRegistry keys, IngestLog log, RateLimiter limiter,
                                        RateLimiter categoryLimiter, RateLimiter.Limit limit, Metrics metrics,
                                        Clock clock) {
        return new IngestPipeline(keys, log, limiter, categoryLimiter, limit, metrics, clock);
    }

    /** Runs {@code req} through the flow with {@code adapter} and answers it. */
    public <A extends Admitted> void handle(ServerRequest req, ServerResponse res, ProtocolAdapter<A> adapter) {
        try {
            admit(req, res, adapter);
        } catch (Refusal r) {
            metrics.rejected(adapter.protocol(), r.reason().tag());
            LOG.debug("event=refused protocol={} reason={} detail=\"{}\"", adapter.protocol(), r.reason().tag(),
                    r.getMessage());
            if (r.retryAfterSeconds() > 0) {
                res.header(HeaderNames.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
            }
            adapter.refused(req, res, r);
        }
    }

    private <A extends Admitted> void admit(ServerRequest req, ServerResponse res, ProtocolAdapter<A> adapter)
            throws Refusal {
        byte[] body = body(req, adapter);
        String raw = adapter.credential(req, body).filter(s -> !s.isEmpty())
                .orElseThrow(() -> Refusal.of(Refusal.Reason.MISSING_KEY, "missing API key"));
        Credential credential = keys.resolve(raw).filter(c -> adapter.kinds().contains(c.kind()))
                .orElseThrow(() -> Refusal.of(Refusal.Reason.INVALID_KEY, "invalid API key"));
        A admitted = adapter.decode(req, body, credential);
        Near near = checkLimits(credential, admitted);
        IngestBatch batch = new IngestBatch(ids.next(), credential.project(), clock.instant(), admitted.items());
        BatchOutcome outcome;
        if (batch.items().isEmpty()) {
            outcome = new BatchOutcome(batch.requestId(), List.of());
        } else {
            try {
                outcome = Acks.commit(log, batch, body.length);
            } catch (LogUnavailableException e) {
                throw Refusal.unavailable(e.retryAfterSeconds(), "service unavailable: " + e.getMessage());
            }
        }
        metrics.accepted(adapter.protocol(), "stored", outcome.stored());
        metrics.accepted(adapter.protocol(), "duplicate", outcome.duplicates());
        if (!near.categories().isEmpty()) {
            adapter.nearLimit(res, near.categories(), near.resetSeconds());
        }
        adapter.accepted(req, res, admitted, batch, outcome);
    }

    /** Categories near their limit, and when their buckets are full again. */
    private record Near(List<String> categories, long resetSeconds) {
    }

    /**
     * The decoded body. {@link BodyReader} is the server's one decoder (gzip, deflate); it counts decoded bytes
     * against the adapter's decoded limit, while a declared wire length over the compressed limit is refused
     * before anything is read.
     */
    private static byte[] body(ServerRequest req, ProtocolAdapter<?> adapter) throws Refusal {
        if (req.headers().contentLength().orElse(-1) > adapter.maxBodyBytes()) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, "body exceeds " + adapter.maxBodyBytes() + " bytes");
        }
        try {
            return BodyReader.read(req, adapter.maxDecodedBytes()).orElseThrow(() -> Refusal.of(
                    Refusal.Reason.TOO_LARGE, "body exceeds " + adapter.maxDecodedBytes() + " bytes decompressed"));
        } catch (BodyException e) {
            throw Refusal.of(e.status() == 415 ? Refusal.Reason.UNSUPPORTED_ENCODING : Refusal.Reason.INVALID,
                    e.getMessage());
        }
    }

    private Near checkLimits(Credential credential, Admitted admitted) throws Refusal {
        if (limiter.admit(credential) instanceof RateLimiter.Limited l) {
            throw Refusal.rateLimited(l.retryAfterSeconds(), List.of());
        }
        List<String> limited = new ArrayList<>();
        List<String> near = new ArrayList<>();
        long wait = 0;
        long reset = 0;
        for (String category : admitted.categories()) {
            switch (categoryLimiter.acquire(credential.keyId() + "\u001f" + category, limit)) {
                case RateLimiter.Limited l -> {
                    limited.add(category);
                    wait = Math.max(wait, l.retryAfterSeconds());
                }
                case RateLimiter.Allowed a -> {
                    if (a.remaining() * 100 <= limit.permits() * NEAR_LIMIT_PERCENT) {
                        near.add(category);
                        reset = Math.max(reset, a.resetSeconds());
                    }
                }
            }
        }
        if (!limited.isEmpty()) {
            throw Refusal.rateLimited(wait, limited);
        }
        return new Near(near, reset);
    }

    /** The metrics, for adapters that count what they accept without storing. */
    public Metrics metrics() {
        return metrics;
    }
}
