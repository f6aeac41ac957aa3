package dev.sluice.sdk;

import dev.sluice.sdk.internal.Frames;
import dev.sluice.sdk.internal.JdkTransport;
import dev.sluice.sdk.internal.RetryPolicy;
import dev.sluice.sdk.internal.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The immutable result of a {@link SluiceBuilder}. */
record SluiceConfig(Optional<URI> tailpointApi, Optional<String> tailpointKey, Optional<String> openSentryDsn,
                    Optional<URI> pugEndpoint, Optional<String> pugKey, Optional<URI> traceStaxEndpoint,
                    Optional<String> traceStaxKey, String source, String environment, String release,
                    BatchConfig batch, Duration connectTimeout, Duration requestTimeout, Duration closeTimeout,
                    RetryPolicy retry, int breakerThreshold, Duration breakerOpenFor, ErrorHandler onError,
                    Clock clock, int maxBreadcrumbs, Transport transport, String framework,
                    Duration heartbeatInterval, boolean shutdownHook, double sampleRate,
                    double tracesSampleRate, Frames inApp) {

    void closeTransport() {
        if (transport instanceof JdkTransport t) {
            t.close();
        }
    }
}
