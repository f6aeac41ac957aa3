package dev.sluice.server.http;

import java.time.Duration;

/**
 * Connection limits of the HTTP edge, so slow or stalled clients cannot hold connections forever.
 *
 * @param headerTimeout  longest time from a request's first byte to the end of its headers (slow-header clients)
 * @param readTimeout    longest wait for the next bytes of a request body while a handler reads it
 * @param idleTimeout    longest wait for the first byte of a request on an open connection (keep-alive)
 * @param maxConnections connections served at once; further clients wait in the accept backlog
 */
public record HttpLimits(Duration headerTimeout, Duration readTimeout, Duration idleTimeout, int maxConnections) {

    /** Defaults: headers within 10 s, body reads 30 s apart at most, idle connections closed after 60 s, 10,000 connections. */
    public static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000);
    }

    public HttpLimits {
        for (Duration d : new Duration[] {headerTimeout, readTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive, got " + d);
            }
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
    }

    /** The shortest timeout: the guard checks connections several times within it. */
    Duration shortest() {
        Duration min = headerTimeout.compareTo(readTimeout) < 0 ? headerTimeout : readTimeout;
        return min.compareTo(idleTimeout) < 0 ? min : idleTimeout;
    }
}
