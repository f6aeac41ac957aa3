package dev.sluice.server.tracestax;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** TraceStax answers: every 2xx is a JSON object, every error {@code {"ok":false,"error":{"code","message"}}}. */
final class Replies {

    static final Status PAYMENT_REQUIRED = Status.create(402, "Payment Required");

    private Replies() {
    }

    static ObjectNode ok() {
        return Json.object().put("ok", true);
    }

    static void error(ServerResponse res, Status status, String code, String message) {
        ObjectNode body = Json.object().put("ok", false);
        body.putObject("error").put("code", code).put("message", message);
        Json.send(res, status, body);
    }

    /** 429 and 503 carry both headers: the docs name {@code Retry-After}, every SDK reads {@code X-Retry-After}. */
    static void retryLater(ServerResponse res, Status status, String code, String message, long seconds) {
        retryAfter(res, seconds);
        error(res, status, code, message);
    }

    static void retryAfter(ServerResponse res, long seconds) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
        res.header(TraceStaxIngest.X_RETRY_AFTER, Long.toString(seconds));
    }
}
