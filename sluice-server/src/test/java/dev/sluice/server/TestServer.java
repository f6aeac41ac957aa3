package dev.sluice.server;

import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.log.LocalIngestLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A real Sluice server on a free loopback port, with an HTTP client and the first-run secrets. */
public final class TestServer implements AutoCloseable {

    private final SluiceServer server;
    private final FirstRun secrets;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ServerConfig config;

    private TestServer(SluiceServer server, FirstRun secrets, ServerConfig config) {
        this.server = server;
        this.secrets = secrets;
        this.config = config;
    }

    /** A server on a fresh SQLite store in {@code dir}. */
    public static TestServer sqlite(Path dir) {
        return start(ServerConfig.defaults(dir));
    }

    /** A server on {@code config} with host/port forced to loopback and a free port. */
    public static TestServer start(ServerConfig config) {
        return start(config, dev.sluice.server.alerts.AlertConfig.defaults());
    }

    /** As {@link #start(ServerConfig)}, with alert delivery settings (SMTP, fast retries). */
    public static TestServer start(ServerConfig config, dev.sluice.server.alerts.AlertConfig alerts) {
        return start(config, alerts, Clock.systemUTC());
    }

    /** As {@link #start(ServerConfig, dev.sluice.server.alerts.AlertConfig)}, on a clock the test moves. */
    public static TestServer start(ServerConfig config, dev.sluice.server.alerts.AlertConfig alerts, Clock clock) {
        // Never the extra OTLP listener: tests run side by side and must not fight over port 4318.
        ServerConfig local = new ServerConfig("127.0.0.1", 0, config.dataDir(), config.db(), config.limits(),
                config.rates(), config.http(), new ServerConfig.Protocols(config.protocols().ratePerMinute(), 0));
        SluiceServer server = SluiceServer.start(local, clock, alerts);
        return new TestServer(server, server.firstRun().orElseThrow(() -> new IllegalStateException("store was not fresh")),
                local);
    }

    /** Stops this server and starts a new one on the same store; the keys stay valid. */
    public TestServer restart() {
        server.close();
        return new TestServer(SluiceServer.start(config, Clock.systemUTC()), secrets, config);
    }

    /** A server on {@code dbUrl} (a fresh PostgreSQL schema, say). */
    public static TestServer onDb(Path dir, String dbUrl) {
        return start(ServerConfig.defaults(dir).withDb(dbUrl));
    }

    /** A server with tight log limits. */
    public static TestServer withLimits(Path dir, LocalIngestLog.Limits limits) {
        return start(ServerConfig.defaults(dir).withLimits(limits));
    }

    public SluiceServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String key(KeyKind kind) {
        return secrets.key(kind);
    }

    public String adminToken() {
        return secrets.adminToken();
    }

    /** POSTs {@code body} to {@code path} with {@code headers}. */
    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** POSTs a JSON string with the Open Sentry key header. */
    public HttpResponse<String> ingest(String json) {
        return post("/v1/ingest", json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Open-Sentry-Key", key(KeyKind.OPENSENTRY)));
    }

    /** GETs {@code path} with the admin token. */
    public HttpResponse<String> get(String path) {
        return get(path, Optional.of(adminToken()));
    }

    public HttpResponse<String> get(String path, Optional<String> token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // Seen once on a heavily loaded box: the JDK client reused a pooled keep-alive connection it was
                // tearing down ("Data received while in pool"). Like any HTTP client, retry once on a new one;
                // a real server fault would fail the retry as well.
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
