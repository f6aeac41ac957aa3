package dev.sluice.server.ingest;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.Set;

/**
 * One wire protocol plugged into the {@link IngestPipeline}: where its credential is, which key kinds it
 * takes, how its body decodes, and how it answers. Everything else (body limits, decompression, key lookup,
 * rate limits, the durable commit, metrics) is the pipeline's.
 *
 * @param <A> what the decoder produces
 */
public interface ProtocolAdapter<A extends Admitted> {

    /** The {@code protocol} tag of the metrics. */
    String protocol();

    /** The most bytes read from the wire (compressed). */
    int maxBodyBytes();

    /** The most bytes after decompression. */
    int maxDecodedBytes();

    /** The key kinds this protocol accepts. */
    Set<KeyKind> kinds();

    /** The raw key from the request or, for protocols that carry it inside, from the decoded body. */
    Optional<String> credential(ServerRequest req, byte[] body);

    /** Decodes the body; a refusal is answered in the protocol's shape and stores nothing. */
    A decode(ServerRequest req, byte[] body, Credential credential) throws Refusal;

    /** Answers a committed request. */
    void accepted(ServerRequest req, ServerResponse res, A admitted, IngestBatch batch, BatchOutcome outcome);

    /**
     * Called before {@link #accepted} when some of the request's categories have at most
     * {@link IngestSteps#NEAR_LIMIT_PERCENT} % of their allowance left, so a protocol that can tell its
     * clients to slow down (Sentry's {@code X-Sentry-Rate-Limits}) does so before they hit 429s.
     *
     * @param resetSeconds when those categories' allowances are full again
     */
    default void nearLimit(ServerResponse res, java.util.List<String> categories, long resetSeconds) {
    }

    /** Answers a refused one. */
    void refused(ServerRequest req, ServerResponse res, Refusal refusal);
}
