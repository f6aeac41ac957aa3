package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extra OTLP listener: serves OTLP (and only OTLP) on its own port; when that port is taken, the server
 * still starts. Uses free ports, never 4318, so it cannot collide with other tests or a running instance.
 */
class OtlpListenerTest {

    @TempDir
    Path dir;

    @Test
    void extraListenerServesOtlpAndATakenPortDoesNotStopTheServer() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, java.util.Optional.empty(),
                ServerConfig.defaults(dir).limits(), dev.sluice.server.limits.RateLimits.defaults(),
                dev.sluice.server.http.HttpLimits.defaults(),
                new ServerConfig.Protocols(1000, free));
        HttpClient http = HttpClient.newHttpClient();
        try (SluiceServer server = SluiceServer.start(config, Clock.systemUTC())) {
            HttpResponse<String> otlp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + free
                    + "/v1/traces")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(otlp.statusCode()).isEqualTo(401);   // OTLP's own answer: no key
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + free
                    + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);

            // A second instance wanting the same OTLP port starts anyway, without it.
            try (SluiceServer second = SluiceServer.start(config.withDb("jdbc:sqlite:" + dir.resolve("second.db")),
                    Clock.systemUTC())) {
                assertThat(second.port()).isPositive();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
