package dev.sluice.bench;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.auth.KeyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A server under load: where it listens, the key to send, whether it exposes Sluice's {@code /metrics}, and
 * its process id when it runs as a separate process (for RSS).
 */
record Target(String name, String host, int port, String key, boolean hasMetrics, OptionalLong pid,
              AutoCloseable stopper) implements AutoCloseable {

    /** A Sluice server in this JVM on a temp data dir, storing in SQLite there or in {@code db}. */
    static Target inProcess(Optional<String> db) throws IOException {
        Path dir = Files.createTempDirectory("sluice-bench-");
        Optional<PgSchema> schema = db.filter("pg"::equals).map(x -> PgSchema.create());
        Optional<String> url = schema.map(PgSchema::url).or(() -> db);
        ServerConfig base = ServerConfig.defaults(dir);
        SluiceServer server = SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir, url, base.limits()),
                Clock.systemUTC());
        String key = server.firstRun().orElseThrow(() -> new IllegalStateException("store was not fresh"))
                .key(KeyKind.OPENSENTRY);
        String name = "sluice/" + (url.isPresent() ? "postgresql" : "sqlite");
        return new Target(name, "127.0.0.1", server.port(), key, true, OptionalLong.empty(), () -> {
            server.close();
            schema.ifPresent(PgSchema::drop);
            deleteTree(dir);
        });
    }

    /** The constant-202 Helidon server in this JVM. */
    static Target ceiling() {
        CeilingServer c = CeilingServer.start();
        return new Target("ceiling", "127.0.0.1", c.port(), "ceiling", false, OptionalLong.empty(), c);
    }

    /** A server somewhere else; only loopback is allowed. */
    static Target external(String url, String key) {
        java.net.URI uri = java.net.URI.create(url);
        String host = uri.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("load targets loopback (127.0.0.1) only, got " + host);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        return new Target("external", "127.0.0.1", port, key, true, OptionalLong.empty(), () -> { });
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
