package dev.sluice.server.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose client stalls: headers not complete within the header timeout, a body read waiting
 * longer than the read timeout, or no new request within the idle timeout. Helidon's own idle check never
 * interrupts a request that is half received, and it applies no socket read timeout on the server side.
 *
 * <p>Each connection reports when its reader blocks and when bytes arrive ({@link Tracked}); a filter marks
 * when a request reaches the handlers; one daemon thread looks at every connection a few times per timeout.
 */
final class ConnectionGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private static final Object CLOSE_AFTER_RESPONSE = new Object();

    private final HttpLimits limits;
    private final Map<String, Tracked> live = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    ConnectionGuard(HttpLimits limits) {
        this.limits = limits;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-connection-guard");
            t.setDaemon(true);
            return t;
        });
        long period = Math.clamp(limits.shortest().toMillis() / 4, 50, 1000);
        timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts watching a connection; {@code closer} closes its socket. */
    Tracked track(String id, Runnable closer) {
        Tracked t = new Tracked(id, closer);
        live.put(id, t);
        return t;
    }

    void forget(Tracked t) {
        live.remove(t.id);
    }

    /** Asks for the connection of {@code req} to be closed once its answer is sent (its input is unusable). */
    static void closeAfterResponse(ServerRequest req) {
        req.context().register(CLOSE_AFTER_RESPONSE, Boolean.TRUE);
    }

    /**
     * Marks the span in which a request is in a handler (its headers are complete), and closes the connection
     * after an answer that says {@code Connection: close}: Helidon announces it but keeps reading, so an
     * HTTP/1.0 client waiting for the end of the stream, or leftover bytes of a broken body, would hang there.
     */
    Filter filter() {
        return (chain, req, res) -> {
            Tracked t = live.get(req.socketId());
            if (t == null) {
                chain.proceed();
                return;
            }
            t.phase(Phase.HANDLER);
            try {
                chain.proceed();
            } finally {
                t.phase(Phase.IDLE);
                if (res.isSent() && (res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)
                        || req.context().get(CLOSE_AFTER_RESPONSE, Boolean.class).orElse(false))) {
                    t.close("connection_close");
                }
            }
        };
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Tracked t : live.values()) {
            try {
                t.check(now, limits);
            } catch (RuntimeException e) {
                LOG.debug("event=connection_guard_error error=\"{}\"", e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    enum Phase { IDLE, HEADERS, HANDLER }

    /** One connection's state, written by its reader and filter, read by the sweep. */
    static final class Tracked {
        private final String id;
        private final Runnable closer;
        private volatile Phase phase = Phase.IDLE;
        private volatile long phaseSince = System.nanoTime();
        /** When the reader started waiting for bytes; 0 when it is not waiting. */
        private volatile long blockedSince;
        private volatile boolean closed;

        private Tracked(String id, Runnable closer) {
            this.id = id;
            this.closer = closer;
        }

        String id() {
            return id;
        }

        void phase(Phase next) {
            phaseSince = System.nanoTime();
            phase = next;
        }

        void blocking() {
            blockedSince = System.nanoTime();
        }

        /** Bytes arrived: a first byte after the last request starts the header clock. */
        void received() {
            blockedSince = 0;
            if (phase == Phase.IDLE) {
                phase(Phase.HEADERS);
            }
        }

        void unblocked() {
            blockedSince = 0;
        }

        private void check(long now, HttpLimits limits) {
            long blocked = blockedSince;
            Phase p = phase;
            String why = null;
            if (p == Phase.HEADERS && now - phaseSince > limits.headerTimeout().toNanos()) {
                why = "header_timeout";
            } else if (blocked != 0 && p == Phase.HANDLER && now - blocked > limits.readTimeout().toNanos()) {
                why = "read_timeout";
            } else if (blocked != 0 && p == Phase.IDLE && now - blocked > limits.idleTimeout().toNanos()) {
                why = "idle_timeout";
            }
            if (why != null) {
                close(why);
            }
        }

        void close(String why) {
            if (!closed) {
                closed = true;
                LOG.debug("event=connection_closed reason={} socket={}", why, id);
                closer.run();
            }
        }
    }
}
