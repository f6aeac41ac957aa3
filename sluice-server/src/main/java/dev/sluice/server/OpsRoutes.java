package dev.sluice.server;

import dev.sluice.analytics.ReplicaLag;
import dev.sluice.server.http.Json;
import dev.sluice.store.StoreException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health, readiness, metrics, and the error handlers that keep stack traces off the wire. */
final class OpsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    private OpsRoutes() {
    }

    static void register(HttpRouting.Builder routing, Components c) {
        routing.get("/health", (req, res) -> Json.send(res, Status.OK_200, Json.object().put("status", "ok")))
                .get("/ready", (req, res) -> ready(c, res))
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(c.metrics().scrape());
                });
    }

    /** Registered last: a handler that needs the store while it is unreachable answers 503, not 500. */
    static void errors(HttpRouting.Builder routing) {
        routing.error(StoreException.class, (req, res, e) -> {
            LOG.warn("event=store_unavailable path={} error=\"{}\"", req.path().path(), e.getMessage());
            if (!res.isSent()) {
                res.header(HeaderNames.RETRY_AFTER, "1");
                Json.error(res, Status.SERVICE_UNAVAILABLE_503, "store unavailable, retry later");
            }
        });
        routing.error(Throwable.class, (req, res, t) -> {
            LOG.error("event=handler_error path={} error=\"{}\"", req.path().path(), t.toString(), t);
            if (!res.isSent()) {
                Json.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal error");
            }
        });
    }

    /** Ready when the store answers; a replica still catching up is reported (queries wait for it). */
    private static void ready(Components c, ServerResponse res) {
        try {
            c.store().read(conn -> conn.isValid(2));
            ReplicaLag lag = c.replica().lag();
            var body = Json.object().put("status", "ready");
            body.putObject("analytics").put("status", lag.caughtUp() ? "caught_up" : "catching_up")
                    .put("lagEvents", lag.events()).put("lagSeconds", lag.age().toMillis() / 1000.0);
            Json.send(res, Status.OK_200, body);
        } catch (RuntimeException e) {
            Json.send(res, Status.SERVICE_UNAVAILABLE_503, Json.object().put("status", "store unavailable"));
        }
    }
}
