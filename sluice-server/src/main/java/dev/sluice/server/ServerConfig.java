package dev.sluice.server;

import dev.sluice.server.http.HttpLimits;
import dev.sluice.server.limits.RateLimits;
import dev.sluice.server.log.LocalIngestLog;
import dev.sluice.store.StoreConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the server needs to start, resolved from flags, then {@code SLUICE_*} environment variables,
 * then defaults (an embedded store in {@code ./sluice-data}, port 3001 — Open Sentry's default).
 *
 * @param db    a database URL; empty means the embedded SQLite file in {@code dataDir}
 * @param rates request rate limits per key and project
 * @param http  connection limits of the HTTP edge (timeouts, concurrent connections)
 */
public record ServerConfig(String host, int port, Path dataDir, Optional<String> db, LocalIngestLog.Limits limits,
                           RateLimits rates, HttpLimits http) {

    /** A configuration with the default request and connection limits. */
    public ServerConfig(String host, int port, Path dataDir, Optional<String> db, LocalIngestLog.Limits limits) {
        this(host, port, dataDir, db, limits, RateLimits.defaults(), HttpLimits.defaults());
    }

    /** A configuration with the default connection limits ({@link HttpLimits#defaults()}). */
    public ServerConfig(String host, int port, Path dataDir, Optional<String> db, LocalIngestLog.Limits limits,
                        RateLimits rates) {
        this(host, port, dataDir, db, limits, rates, HttpLimits.defaults());
    }

    /** The default port: Open Sentry's local default, so its SDK's example DSNs work unchanged. */
    public static final int DEFAULT_PORT = 3001;

    /** Defaults for {@code dataDir} on all interfaces and the default port. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("0.0.0.0", DEFAULT_PORT, dataDir, Optional.empty(), LocalIngestLog.Limits.defaults());
    }

    /** The store this configuration names. */
    public StoreConfig store() {
        return db.map(StoreConfig::parse).orElseGet(() -> StoreConfig.sqlite(dataDir));
    }

    /** A copy listening on {@code newPort} (0 picks a free one). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, db, limits, rates, http);
    }

    /** A copy storing into {@code url}. */
    public ServerConfig withDb(String url) {
        return new ServerConfig(host, port, dataDir, Optional.of(url), limits, rates, http);
    }

    /** A copy with other log bounds. */
    public ServerConfig withLimits(LocalIngestLog.Limits newLimits) {
        return new ServerConfig(host, port, dataDir, db, newLimits, rates, http);
    }

    /** A copy with other request limits. */
    public ServerConfig withRates(RateLimits newRates) {
        return new ServerConfig(host, port, dataDir, db, limits, newRates, http);
    }

    /** A copy with other HTTP connection limits. */
    public ServerConfig withHttp(HttpLimits newHttp) {
        return new ServerConfig(host, port, dataDir, db, limits, rates, newHttp);
    }
}
