package dev.sluice.server.ingest;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.IngestLog;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.StoreException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one admission mechanism every protocol goes through. A {@link ProtocolAdapter} takes the standard flow:
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
 * before the rate limit because Sentry limits per item category. A {@link ProtocolFlow} whose spec fixes
 * another order runs the same {@link IngestSteps} in that order. Either way a refusal stores nothing, is
 * counted, carries its {@code Retry-After}, and is answered in the protocol's shape; a store that cannot be
 * reached mid-request is a 503 in that shape too.
 */
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final IngestSteps steps;
    private final Metrics metrics;

    private IngestPipeline(IngestSteps steps, Metrics metrics) {
        this.steps = steps;
        this.metrics = metrics;
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
        return new IngestPipeline(new IngestSteps(keys, log, limiter, categoryLimiter, limit, metrics, clock),
                metrics);
    }

    /** Runs {@code req} through the standard flow with {@code adapter} and answers it. */
    public <A extends Admitted> void handle(ServerRequest req, ServerResponse res, ProtocolAdapter<A> adapter) {
        handle(req, res, new StandardFlow<>(adapter));
    }

    /** Runs {@code req} through {@code flow}'s own order of the shared steps and answers it. */
    public void handle(ServerRequest req, ServerResponse res, ProtocolFlow flow) {
        try {
            try {
                flow.admit(steps, req, res);
            } catch (StoreException e) {
                // A key, a setting or a shared bucket could not be read (store unreachable, nothing cached).
                if (res.isSent()) {
                    return;
                }
                throw Refusal.unavailable(1, "store unavailable");
            }
        } catch (Refusal r) {
            String tag = flow.reasonTag(r);
            metrics.rejected(flow.protocol(), tag);
            LOG.debug("event=refused protocol={} reason={} detail=\"{}\"", flow.protocol(), tag, r.getMessage());
            if (r.retryAfterSeconds() > 0) {
                res.header(HeaderNames.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
            }
            flow.refused(req, res, r);
        }
    }

    /** The steps, for handlers outside an ingest request (a protocol's ping authenticates the same way). */
    public IngestSteps steps() {
        return steps;
    }

    /** The metrics, for adapters that count what they accept without storing. */
    public Metrics metrics() {
        return metrics;
    }

    /** The standard order, for adapters that need no other. */
    private record StandardFlow<A extends Admitted>(ProtocolAdapter<A> adapter) implements ProtocolFlow {

        @Override
        public String protocol() {
            return adapter.protocol();
        }

        @Override
        public void admit(IngestSteps steps, ServerRequest req, ServerResponse res) throws Refusal {
            byte[] body = steps.body(req, adapter.maxBodyBytes(), adapter.maxDecodedBytes());
            String raw = adapter.credential(req, body).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> Refusal.of(Refusal.Reason.MISSING_KEY, "missing API key"));
            Credential credential = steps.authenticate(raw, adapter.kinds());
            A admitted = adapter.decode(req, body, credential);
            steps.limit(credential);
            IngestSteps.NearLimit near = steps.limitCategories(credential, admitted.categories());
            IngestBatch batch = steps.batch(credential.project(), admitted.items());
            BatchOutcome outcome;
            try {
                outcome = steps.commit(batch, body.length);
            } catch (Refusal r) {
                throw r.reworded("service unavailable: " + r.getMessage());
            }
            steps.accepted(adapter.protocol(), outcome);
            if (!near.categories().isEmpty()) {
                adapter.nearLimit(res, near.categories(), near.resetSeconds());
            }
            adapter.accepted(req, res, admitted, batch, outcome);
        }

        @Override
        public void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
            adapter.refused(req, res, refusal);
        }
    }
}
