package dev.sluice.bench;

import dev.sluice.protocol.Ids;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.HttpEdge;
import dev.sluice.server.http.HttpLimits;
import dev.sluice.server.http.Json;
import dev.sluice.server.opensentry.OpenSentryIngest;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;

/**
 * The HTTP stack's ceiling: a Helidon WebServer built exactly as Sluice builds its own (same builder calls,
 * same body reader, same JSON response code) that answers every {@code POST /v1/ingest} with a constant-shape
 * 202 {@code {"id":"…"}} (Sentry envelopes and OTLP traces: their 200s) after reading the body, with no
 * parsing, auth or commit. The gap between this and the real server is what Sluice's own work costs.
 */
final class CeilingServer implements AutoCloseable {

    private final WebServer web;
    private final HttpEdge edge;

    private CeilingServer(WebServer web, HttpEdge edge) {
        this.web = web;
        this.edge = edge;
    }

    static CeilingServer start() {
        Ids ids = Ids.create(Clock.systemUTC());
        HttpRouting.Builder routing = HttpRouting.builder()
                .post("/v1/ingest", (req, res) -> {
                    BodyReader.read(req, OpenSentryIngest.MAX_BODY);
                    Json.send(res, Status.ACCEPTED_202, Json.object().put("id", ids.next()));
                })
                // Sentry and OTLP answer 200; the body is read (not inflated, not decoded) like the one above.
                .post("/api/{project_id}/envelope/", (req, res) -> {
                    BodyReader.read(req, OpenSentryIngest.MAX_BODY);
                    Json.send(res, Status.OK_200, Json.object().put("id", ids.next()));
                })
                .post("/v1/traces", (req, res) -> {
                    BodyReader.read(req, OpenSentryIngest.MAX_BODY);
                    // An empty ExportTraceServiceResponse is zero protobuf bytes.
                    res.status(Status.OK_200).header("Content-Type", "application/x-protobuf").send(new byte[0]);
                });
        // The same edge as Sluice's (connection guard, bodies left encoded for BodyReader to inflate): without it
        // Helidon answers a gzip body with an empty 400 before the handler runs.
        io.helidon.webserver.WebServerConfig.Builder server = WebServer.builder().host("127.0.0.1").port(0)
                .shutdownHook(false);
        HttpEdge edge = HttpEdge.configure(server, routing, HttpLimits.defaults());
        WebServer web = server.routing(routing).build().start();
        return new CeilingServer(web, edge);
    }

    int port() {
        return web.port();
    }

    @Override
    public void close() {
        web.stop();
        edge.close();
    }
}
