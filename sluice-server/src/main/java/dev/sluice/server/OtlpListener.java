package dev.sluice.server;

import dev.sluice.server.http.HttpEdge;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extra OTLP/HTTP listener on the exporters' default port, serving only {@code /v1/traces|logs|metrics},
 * and its edge, stopped together.
 */
record OtlpListener(WebServer web, HttpEdge edge) {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    /**
     * Listens when configured. A port already taken (another instance on this host) is logged and skipped
     * rather than failing the start: the same routes are always on the main port too.
     */
    static Optional<OtlpListener> start(Components c) {
        ServerConfig config = c.config();
        if (config.protocols().otlpPort() <= 0) {
            return Optional.empty();
        }
        HttpRouting.Builder routing = HttpRouting.builder();
        IngestRoutes.registerOtlp(routing, c);
        WebServerConfig.Builder server = WebServer.builder().host(config.host()).port(config.protocols().otlpPort())
                .shutdownHook(false);
        // The same edge as the main port: timeouts, connection cap, bodies left encoded for BodyReader.
        HttpEdge edge = HttpEdge.configure(server, routing, config.http());
        try {
            WebServer otlp = server.routing(routing).build().start();
            LOG.info("event=otlp_listening port={}", otlp.port());
            return Optional.of(new OtlpListener(otlp, edge));
        } catch (RuntimeException e) {
            edge.close();
            LOG.warn("event=otlp_port_unavailable port={} error=\"{}\" (OTLP stays on the main port)",
                    config.protocols().otlpPort(), e.getMessage());
            return Optional.empty();
        }
    }

    void stop() {
        web.stop();
        edge.close();
    }
}
