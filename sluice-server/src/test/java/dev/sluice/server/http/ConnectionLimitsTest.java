package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.testing.http.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalled clients against the real server with short limits: a raw socket that sends half a request and then
 * nothing must be disconnected by the server (the client waits far longer than the limit, so the test checks
 * that the server closed, not how fast). Complete requests keep working.
 */
class ConnectionLimitsTest {

    /** How long the raw client waits for the server to act: many times every limit below. */
    private static final int PATIENCE_MS = 20_000;

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(ServerConfig.defaults(dir).withHttp(new HttpLimits(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void halfSentHeadersAreCutOff() {
        try (RawHttp.Connection c = RawHttp.connect(server.server().port())) {
            RawHttp.Answer a = c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ").read(PATIENCE_MS);
            assertThat(a.closedByServer()).isTrue();
            assertThat(a.text()).isEmpty();
        }
    }

    @Test
    void slowlyDrippedHeadersAreCutOffToo() throws InterruptedException {
        try (RawHttp.Connection c = RawHttp.connect(server.server().port())) {
            c.send("GET /health HTTP/1.1\r\n");
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) { // one header line every 300 ms: each read is quick
                Thread.sleep(300);
                try {
                    c.send("X-Drip-" + i + ": 1\r\n");
                } catch (java.io.UncheckedIOException e) {
                    closed = true;
                }
            }
            assertThat(closed || c.read(PATIENCE_MS).closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsCutOff() {
        try (RawHttp.Connection c = RawHttp.connect(server.server().port())) {
            RawHttp.Answer a = c.send("POST /v1/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "X-Open-Sentry-Key: " + server.key(KeyKind.OPENSENTRY) + "\r\nContent-Length: 100\r\n\r\n{\"type\":")
                    .read(PATIENCE_MS);
            assertThat(a.closedByServer()).isTrue();
        }
        // Nothing partial was stored, and the server still answers.
        assertThat(server.get("/api/projects/default/issues").body()).contains("\"items\":[]");
    }

    @Test
    void idleConnectionsAreClosedAndKeepAliveStillWorks() {
        try (RawHttp.Connection c = RawHttp.connect(server.server().port())) {
            RawHttp.Answer first = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read(300);
            assertThat(first.status()).isEqualTo(200);
            RawHttp.Answer second = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read(300);
            assertThat(second.status()).as("the same connection serves a second request").isEqualTo(200);
            assertThat(c.read(PATIENCE_MS).closedByServer()).as("then idles out").isTrue();
        }
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOneCloses() {
        RawHttp.Connection a = RawHttp.connect(server.server().port());
        RawHttp.Connection b = RawHttp.connect(server.server().port());
        RawHttp.Connection c = RawHttp.connect(server.server().port());
        try (RawHttp.Connection waiting = RawHttp.connect(server.server().port())) {
            waiting.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(waiting.read(500).text()).as("a fourth connection is not served while three are open").isEmpty();
            a.close();
            b.close();
            c.close();
            assertThat(waiting.read(PATIENCE_MS).status()).isEqualTo(200);
        } finally {
            a.close();
            b.close();
            c.close();
        }
    }
}
