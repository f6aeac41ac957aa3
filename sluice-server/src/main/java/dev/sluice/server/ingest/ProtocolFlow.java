package dev.sluice.server.ingest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A protocol whose spec fixes its own check order (Open Sentry checks the credential before the size, TraceStax
 * the key and rate before reading the body, …): it runs the pipeline's shared {@link IngestSteps} in that
 * order. A refusal from any step is counted, given its {@code Retry-After}, and answered by {@link #refused}.
 */
public interface ProtocolFlow {

    /** The {@code protocol} tag of the metrics. */
    String protocol();

    /** Admits {@code req}, from the first check to the answer after the commit. */
    void admit(IngestSteps steps, ServerRequest req, ServerResponse res) throws Refusal;

    /** Answers a refused request in the protocol's shape. */
    void refused(ServerRequest req, ServerResponse res, Refusal refusal);

    /** The rejection counter's {@code reason} for {@code refusal}; protocols with their own codes use those. */
    default String reasonTag(Refusal refusal) {
        return refusal.tag();
    }
}
