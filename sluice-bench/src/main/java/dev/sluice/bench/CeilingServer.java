package dev.sluice.bench;

import dev.sluice.protocol.Ids;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.Json;
import dev.sluice.server.opensentry.OpenSentryIngest;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;

/**
 * The HTTP stack's ceiling: a Helidon WebServer built exactly as Sluice builds its own (same builder calls,
 * same body reader, same JSON response code) that answers every {@code POST /v1/ingest} with a constant-shape
 * 202 {@code {"id":"…"}} after reading the body, with no parsing, auth or commit. The gap between this and
 * the real server is what Sluice's own work costs.
 */
final class CeilingServer implements AutoCloseable {

    private final WebServer web;

    private CeilingServer(WebServer web) {
        this.web = web;
    }

    static CeilingServer start() {
        Ids ids = Ids.create(Clock.systemUTC());
        HttpRouting.Builder routing = HttpRouting.builder()
                .post("/v1/ingest", (req, res) -> {
                    BodyReader.read(req, OpenSentryIngest.MAX_BODY);
                    Json.send(res, Status.ACCEPTED_202, Json.object().put("id", ids.next()));
                });
        WebServer web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).routing(routing).build()
                .start();
        return new CeilingServer(web);
    }

    int port() {
        return web.port();
    }

    @Override
    public void close() {
        web.stop();
    }
}
