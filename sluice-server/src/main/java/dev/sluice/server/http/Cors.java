package dev.sluice.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * CORS for browser SDKs: ingest keys are public by design (they ship in web pages), so any origin may post.
 * The preflight allows the protocol's custom headers.
 */
public final class Cors {

    private Cors() {
    }

    /** Adds the header every cross-origin ingest response needs. */
    public static void allowOrigin(ServerResponse res) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }

    /** Answers a preflight for {@code allowedHeaders}. */
    public static void preflight(ServerRequest req, ServerResponse res, String allowedHeaders) {
        allowOrigin(res);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders);
        res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
        res.status(Status.NO_CONTENT_204);
        res.send();
    }
}
