package dev.sluice.server;

import dev.sluice.store.TestDatabases;
import java.nio.file.Path;

/** The store a {@link SluiceServerTest} invocation runs against. */
public enum StoreKind {
    SQLITE, POSTGRESQL;

    /** A real server on a fresh store of this kind; {@code dir} holds its data directory. */
    public TestServer start(Path dir) {
        return TestServer.start(config(dir));
    }

    /** The default server config in {@code dir} on a fresh store of this kind, for tests that tune limits. */
    public ServerConfig config(Path dir) {
        ServerConfig defaults = ServerConfig.defaults(dir);
        return this == SQLITE ? defaults : defaults.withDb(TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    /** As {@link #start(Path)}, with alert settings and a clock the test moves. */
    public TestServer start(Path dir, dev.sluice.server.alerts.AlertConfig alerts, java.time.Clock clock) {
        dev.sluice.server.ServerConfig config = dev.sluice.server.ServerConfig.defaults(dir);
        return TestServer.start(this == SQLITE ? config
                : config.withDb(TestDatabases.asDbUrl(TestDatabases.postgres())), alerts, clock);
    }
}
