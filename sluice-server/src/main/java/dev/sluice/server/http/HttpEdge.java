package dev.sluice.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP behaviour every route shares, set up once on the web server: HTTP/1.0 and 1.1 served, stalled
 * connections closed ({@link HttpLimits}), request bodies left encoded for {@link BodyReader}, errors that
 * happen before routing (bad request line, oversized headers) answered as {@code {"error": …}}, and an unknown
 * route answered 404 {@code {"error": …}} — as an error handler, so it never shadows a route added later.
 */
public final class HttpEdge implements AutoCloseable {

    /**
     * Chunked bodies are counted by Helidon against this before any handler limit applies, so a chunk header
     * announcing gigabytes is refused instead of being buffered. Above every route's own limit (8 MiB for Pug).
     */
    static final long MAX_PAYLOAD = 16L * 1024 * 1024;

    private final ConnectionGuard guard;

    private HttpEdge(ConnectionGuard guard) {
        this.guard = guard;
    }

    /** Applies the shared behaviour to {@code server} and {@code routing}; close the result after the server stops. */
    @SuppressWarnings("removal") // validateRequestHostHeader: the only switch that lets a Host-less HTTP/1.0 request in
    public static HttpEdge configure(WebServerConfig.Builder server, HttpRouting.Builder routing, HttpLimits limits) {
        ConnectionGuard guard = new ConnectionGuard(limits);
        // HTTP/1.0 requests (HAProxy checks) often carry no Host header; the port-syntax check stays on.
        Http1Config http1 = Http1Config.builder().validateRequestHostHeader(false).build();
        server.protocolsDiscoverServices(false)
                .protocols(List.of())
                .addConnectionSelector(new EdgeConnections(http1, guard))
                .contentEncoding(new PassThroughEncodings())
                .maxPayloadSize(MAX_PAYLOAD)
                .maxTcpConnections(limits.maxConnections())
                .idleConnectionTimeout(limits.idleTimeout())
                .directHandlers(jsonDirectHandlers());
        routing.addFilter(guard.filter());
        routing.error(NotFoundException.class, (req, res, e) -> Json.error(res, Status.NOT_FOUND_404,
                "no such endpoint: " + req.prologue().method().text() + " " + req.path().rawPath()));
        routing.error(BodyException.class, (req, res, e) -> Json.error(res, Status.create(e.status()), e.getMessage()));
        return new HttpEdge(guard);
    }

    /**
     * Helidon's own answers (before routing) as {@code {"error": …}} instead of text. Helidon answers a request
     * line whose method is not an HTTP token (a byte above 0x7f, a control character) with a 500, as its token
     * check throws while the prologue is read; that is the client's malformed request, so it is a 400 here
     * (found by {@code HttpRawRequestFuzzTest}). Failures inside routes never come here: they have their own
     * error handler.
     */
    private static DirectHandlers jsonDirectHandlers() {
        DirectHandler json = (request, type, rawStatus, headers, message) -> {
            boolean badMethod = rawStatus.code() == Status.INTERNAL_SERVER_ERROR_500.code()
                    && !isToken(request.method());
            Status status = badMethod ? Status.BAD_REQUEST_400 : rawStatus;
            String text = badMethod ? "malformed request line"
                    : message == null || message.isBlank() ? status.reasonPhrase() : message;
            headers.set(HeaderNames.CONTENT_TYPE, "application/json");
            return DirectHandler.TransportResponse.builder().status(status).headers(headers)
                    .entity(Json.object().put("error", text).toString().getBytes(StandardCharsets.UTF_8))
                    .build();
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            b.addHandler(type, json);
        }
        return b.build();
    }

    /** Whether {@code s} is an HTTP token (RFC 9110 5.6.2), as a method must be. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        guard.close();
    }
}
