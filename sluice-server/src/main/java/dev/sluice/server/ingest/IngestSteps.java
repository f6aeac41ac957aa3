package dev.sluice.server.ingest;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyHints;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.http.BodyException;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.limits.RateLimits;
import dev.sluice.server.log.Acks;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.log.LogUnavailableException;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.StoreException;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The edge flow's steps, shared by every protocol: one body reader, one key check, one pair of rate limiters,
 * one id generator, one durable commit. Each step either returns or throws the {@link Refusal} the protocol
 * answers in its own shape; none stores anything.
 */
public final class IngestSteps {

    private final KeyRegistry keys;
    private final IngestLog log;
    private final RateLimiter limiter;
    private final RateLimiter categoryLimiter;
    private final RateLimiter.Limit categoryLimit;
    private final Metrics metrics;
    private final Clock clock;
    private final Ids ids;

    IngestSteps(KeyRegistry keys, IngestLog log, RateLimiter limiter, RateLimiter categoryLimiter,
                RateLimiter.Limit categoryLimit, Metrics metrics, Clock clock) {
        this.keys = keys;
        this.log = log;
        this.limiter = limiter;
        this.categoryLimiter = categoryLimiter;
        this.categoryLimit = categoryLimit;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = Ids.create(clock);
    }

    /** 503 now when the log already knows the store is down, instead of after look-ups that would time out. */
    public void available() throws Refusal {
        if (log.outage().isPresent()) {
            throw Refusal.unavailable(log.outage().getAsInt(), "store unavailable");
        }
    }

    /**
     * The decoded body: a declared length over {@code maxWire} is refused before anything is read, decoded
     * bytes over {@code maxDecoded} while reading (413); a bad {@code Content-Encoding} is 415, data that does
     * not decode 400 ({@code invalid_body}).
     */
    public byte[] body(ServerRequest req, int maxWire, int maxDecoded) throws Refusal {
        // BodyReader checks the declared length against the decoded limit itself (after the encoding).
        if (maxWire < maxDecoded && req.headers().contentLength().orElse(-1) > maxWire) {
            throw Refusal.of(Refusal.Reason.TOO_LARGE, "body exceeds " + maxWire + " bytes");
        }
        try {
            return BodyReader.read(req, maxDecoded).orElseThrow(() -> Refusal.of(Refusal.Reason.TOO_LARGE,
                    "body exceeds " + maxDecoded + " bytes decompressed"));
        } catch (BodyException e) {
            throw e.status() == 415 ? Refusal.of(Refusal.Reason.UNSUPPORTED_ENCODING, e.getMessage())
                    : Refusal.of(Refusal.Reason.INVALID, "invalid_body", e.getMessage());
        }
    }

    /** {@link #body(ServerRequest, int, int)} with one limit for the wire and the decoded bytes. */
    public byte[] body(ServerRequest req, int max) throws Refusal {
        return body(req, max, max);
    }

    /**
     * The credential of the active key {@code raw} of one of {@code kinds}: 403 (with a hint when the key is
     * another protocol's), or 503 when the key cannot be checked now.
     */
    public Credential authenticate(String raw, Collection<KeyKind> kinds) throws Refusal {
        Optional<Credential> credential;
        try {
            credential = keys.resolve(raw).filter(c -> kinds.contains(c.kind()));
        } catch (StoreException e) {
            throw Refusal.unavailable(1, "cannot check the key now");
        }
        return credential.orElseThrow(() -> invalidKey(raw, kinds));
    }

    /** The 403 for {@code raw}, with where it belongs when it is another protocol's key. */
    public Refusal invalidKey(String raw, Collection<KeyKind> kinds) {
        return Refusal.of(Refusal.Reason.INVALID_KEY, "invalid API key")
                .withHint(KeyHints.wrongPlace(raw, kinds.toArray(KeyKind[]::new)));
    }

    /** The server's per-key and per-project limits (429). */
    public void limit(Credential credential) throws Refusal {
        check(limiter.admit(credential));
    }

    /** A protocol's own per-key or per-project limit in place of the server's (429). */
    public void limit(Credential credential, Optional<RateLimiter.Limit> perKey,
                      Optional<RateLimiter.Limit> perProject) throws Refusal {
        check(limiter.admit(credential, perKey, perProject));
    }

    /** The server's default limits, for protocols that replace one of them. */
    public RateLimits defaults() {
        return limiter.defaults();
    }

    /** A category with at most this share (percent) of its (key, category) allowance left is near its limit. */
    public static final int NEAR_LIMIT_PERCENT = 10;

    /** Categories near their limit after a request, and when their buckets are full again. */
    public record NearLimit(List<String> categories, long resetSeconds) {
    }

    /**
     * One node-local bucket per (key, item category); 429 naming the limited categories. Answers the categories
     * left with at most {@link #NEAR_LIMIT_PERCENT} % of their allowance, for protocols that warn early.
     */
    public NearLimit limitCategories(Credential credential, Collection<String> categories) throws Refusal {
        List<String> limited = new ArrayList<>();
        List<String> near = new ArrayList<>();
        long wait = 0;
        long reset = 0;
        for (String category : categories) {
            switch (categoryLimiter.acquire(credential.keyId() + "\u001f" + category, categoryLimit)) {
                case RateLimiter.Limited l -> {
                    limited.add(category);
                    wait = Math.max(wait, l.retryAfterSeconds());
                }
                case RateLimiter.Allowed a -> {
                    if (a.remaining() * 100 <= categoryLimit.permits() * NEAR_LIMIT_PERCENT) {
                        near.add(category);
                        reset = Math.max(reset, a.resetSeconds());
                    }
                }
            }
        }
        if (!limited.isEmpty()) {
            throw Refusal.rateLimited(wait, limited);
        }
        return new NearLimit(List.copyOf(near), reset);
    }

    private static void check(RateLimiter.Decision decision) throws Refusal {
        if (decision instanceof RateLimiter.Limited l) {
            throw Refusal.rateLimited(l.retryAfterSeconds(), List.of());
        }
    }

    /** A batch of {@code items} for {@code project}, with the next request id. */
    public IngestBatch batch(ProjectId project, List<Item> items) {
        return new IngestBatch(ids.next(), project, clock.instant(), items);
    }

    /**
     * A batch of {@code items} that spends {@code project}'s monthly job-event quota: the digest admits or
     * refuses it inside its commit (see {@link IngestBatch#metered()}); the refusal is the outcome's
     * {@link BatchOutcome#refused()}.
     */
    public IngestBatch meteredBatch(ProjectId project, List<Item> items) {
        return new IngestBatch(ids.next(), project, clock.instant(), items, true);
    }

    /** Appends {@code batch} and waits for its durable commit (503 with Retry-After when it cannot happen). */
    public BatchOutcome commit(IngestBatch batch, int sizeBytes) throws Refusal {
        return commit(batch, sizeBytes, Acks.COMMIT_WAIT);
    }

    /** As {@link #commit(IngestBatch, int)}, waiting at most {@code wait} (below a client's own deadline). */
    public BatchOutcome commit(IngestBatch batch, int sizeBytes, Duration wait) throws Refusal {
        if (batch.items().isEmpty() && !batch.metered()) {
            return new BatchOutcome(batch.requestId(), List.of());
        }
        try {
            return Acks.commit(log, batch, sizeBytes, wait);
        } catch (LogUnavailableException e) {
            throw Refusal.unavailable(e.retryAfterSeconds(), e.getMessage());
        }
    }

    /** Counts {@code n} accepted items of {@code protocol} as {@code outcome}. */
    public void accepted(String protocol, String outcome, int n) {
        metrics.accepted(protocol, outcome, n);
    }

    /** Counts the stored and duplicate items of a committed batch. */
    public void accepted(String protocol, BatchOutcome outcome) {
        metrics.accepted(protocol, "stored", outcome.stored());
        metrics.accepted(protocol, "duplicate", outcome.duplicates());
    }

    /** The metrics, for adapters that count more than items. */
    public Metrics metrics() {
        return metrics;
    }

    /** The clock the batches are stamped with. */
    public Clock clock() {
        return clock;
    }
}
