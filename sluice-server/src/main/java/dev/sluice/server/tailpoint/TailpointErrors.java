package dev.sluice.server.tailpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;

/**
 * Tailpoint's error envelope (its global exception filter): every error, whatever its status, is
 * {@code {success:false, statusCode, error, message, details, timestamp, path}}.
 */
final class TailpointErrors {

    private final Clock clock;

    TailpointErrors(Clock clock) {
        this.clock = clock;
    }

    void send(ServerRequest req, ServerResponse res, int status, String error, String message, List<String> details) {
        ObjectNode body = Json.object().put("success", false).put("statusCode", status).put("error", error)
                .put("message", message);
        if (details.isEmpty()) {
            body.putNull("details");
        } else {
            ArrayNode d = body.putArray("details");
            details.forEach(d::add);
        }
        String query = req.query().rawValue();
        body.put("timestamp", clock.instant().toString())
                .put("path", req.path().rawPath() + (query.isEmpty() ? "" : "?" + query));
        Json.send(res, Status.create(status), body);
    }

    void send(ServerRequest req, ServerResponse res, int status, String error, String message) {
        send(req, res, status, error, message, List.of());
    }
}
