package dev.sluice.bench;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
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
 * its process id when it runs as a separate process (for RSS); for in-process servers also the default
 * project's number (Sentry's DSN path) and the admin token (to count what was stored through REST).
 */
record Target(String name, String host, int port, String key, boolean hasMetrics, OptionalLong pid,
              AutoCloseable stopper, long projectNumber, Optional<String> adminToken) implements AutoCloseable {

    Target(String name, String host, int port, String key, boolean hasMetrics, OptionalLong pid,
           AutoCloseable stopper) {
        this(name, host, port, key, hasMetrics, pid, stopper, 1, Optional.empty());
    }

    /** A Sluice server in this JVM on a temp data dir, storing in SQLite there or in {@code db}. */
    static Target inProcess(Optional<String> db, Protocol protocol) throws IOException {
        Path dir = Files.createTempDirectory("sluice-bench-");
        Optional<PgSchema> schema = db.filter("pg"::equals).map(x -> PgSchema.create());
        Optional<String> url = schema.map(PgSchema::url).or(() -> db);
        ServerConfig base = ServerConfig.defaults(dir);
        // No server-wide request limits: a load test measures the server, not the limiter.
        SluiceServer server = SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir, url, base.limits(),
                dev.sluice.server.limits.RateLimits.unlimited()), Clock.systemUTC());
        dev.sluice.server.FirstRun first = server.firstRun()
                .orElseThrow(() -> new IllegalStateException("store was not fresh"));
        String key = first.key(protocol.keyKind());
        if (protocol == Protocol.TAILPOINT) {
            raiseTaskRateLimit(server);
        } else if (protocol == Protocol.TRACESTAX) {
            raiseJobRateLimit(server);
        }
        String name = "sluice/" + (url.isPresent() ? "postgresql" : "sqlite");
        return new Target(name, "127.0.0.1", server.port(), key, true, OptionalLong.empty(), () -> {
            server.close();
            schema.ifPresent(PgSchema::drop);
            deleteTree(dir);
        }, first.projectNumber(), Optional.of(first.adminToken()));
    }

    /** Tailpoint's default 100 requests/min per key would measure the limiter, not the server. */
    private static void raiseTaskRateLimit(SluiceServer server) {
        dev.sluice.store.Store store = server.store();
        dev.sluice.protocol.ProjectId project = store.findProject("default").orElseThrow().id();
        store.write(tx -> {
            dev.sluice.store.TaskSettings s = tx.tasks().settings(project);
            tx.tasks().putSettings(new dev.sluice.store.TaskSettings(project, s.defaultStatusId(), s.closedBehavior(),
                    s.reopenWindowDays(), 1_000_000));
            return null;
        });
    }

    /** TraceStax's 500 requests/min per workspace, likewise. */
    private static void raiseJobRateLimit(SluiceServer server) {
        dev.sluice.store.Store store = server.store();
        dev.sluice.protocol.ProjectId project = store.findProject("default").orElseThrow().id();
        dev.sluice.store.JobSettings d = dev.sluice.store.JobSettings.defaults();
        store.write(tx -> {
            tx.jobs().putSettings(project, new dev.sluice.store.JobSettings(d.planTier(), Long.MAX_VALUE / 2,
                    1_000_000_000L, d.heartbeatIntervalSeconds(), d.staleAfterMissed(), false,
                    java.util.OptionalLong.empty()), System.currentTimeMillis());
            return null;
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
