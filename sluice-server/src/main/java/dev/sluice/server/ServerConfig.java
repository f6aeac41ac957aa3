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
 * @param db        a database URL; empty means the embedded SQLite file in {@code dataDir}
 * @param rates     request rate limits per key and project
 * @param http      connection limits of the HTTP edge (timeouts, concurrent connections)
 * @param protocols options of the adapter-based protocols (Sentry, OTLP)
 */
public record ServerConfig(String host, int port, Path dataDir, Optional<String> db, LocalIngestLog.Limits limits,
                           RateLimits rates, HttpLimits http, Protocols protocols) {

    /**
     * Options of the adapter-based protocols.
     *
     * @param ratePerMinute the allowance of each (key, item category) bucket
     * @param otlpPort the extra OTLP/HTTP listener (4318, the exporters' default); 0 for none. When the port is
     *     taken (another instance), the server starts without it and says so in its log.
     * @param traceJoinWindow how long a piece of an OTel trace waits for its root before it becomes a
     *     transaction of its own, counted in the duration histograms
     */
    public record Protocols(long ratePerMinute, int otlpPort, java.time.Duration traceJoinWindow) {

        /** Options with the default trace join window. */
        public Protocols(long ratePerMinute, int otlpPort) {
            this(ratePerMinute, otlpPort, dev.sluice.digest.OrphanSweep.DEFAULT_WINDOW);
        }

        /** The OTLP exporters' default port. */
        public static final int OTLP_DEFAULT_PORT = 4318;

        /** What {@code sluice serve} uses: a generous limit and the extra OTLP listener. */
        public static Protocols defaults() {
            return new Protocols(6_000_000, OTLP_DEFAULT_PORT);
        }

        /** No extra listener: tests and embedded uses, where several servers run side by side. */
        public static Protocols embedded() {
            return new Protocols(6_000_000, 0);
        }
    }

    /** A configuration with the default request and connection limits and no extra OTLP listener. */
    public ServerConfig(String host, int port, Path dataDir, Optional<String> db, LocalIngestLog.Limits limits) {
        this(host, port, dataDir, db, limits, RateLimits.defaults(), HttpLimits.defaults(), Protocols.embedded());
    }

    /** A configuration with the default connection limits and no extra OTLP listener. */
    public ServerConfig(String host, int port, Path dataDir, Optional<String> db, LocalIngestLog.Limits limits,
                        RateLimits rates) {
        this(host, port, dataDir, db, limits, rates, HttpLimits.defaults(), Protocols.embedded());
    }

    /** The default port: Open Sentry's local default, so its SDK's example DSNs work unchanged. */
    public static final int DEFAULT_PORT = 3001;

    /** Defaults for {@code dataDir} on all interfaces and the default port. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("0.0.0.0", DEFAULT_PORT, dataDir, Optional.empty(), LocalIngestLog.Limits.defaults(),
                RateLimits.defaults(), HttpLimits.defaults(), Protocols.defaults());
    }

    /** The store this configuration names. */
    public StoreConfig store() {
        return db.map(StoreConfig::parse).orElseGet(() -> StoreConfig.sqlite(dataDir));
    }

    /** A copy listening on {@code newPort} (0 picks a free one). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, db, limits, rates, http, protocols);
    }

    /** A copy storing into {@code url}. */
    public ServerConfig withDb(String url) {
        return new ServerConfig(host, port, dataDir, Optional.of(url), limits, rates, http, protocols);
    }

    /** A copy with other log bounds. */
    public ServerConfig withLimits(LocalIngestLog.Limits newLimits) {
        return new ServerConfig(host, port, dataDir, db, newLimits, rates, http, protocols);
    }

    /** A copy with other request limits. */
    public ServerConfig withRates(RateLimits newRates) {
        return new ServerConfig(host, port, dataDir, db, limits, newRates, http, protocols);
    }

    /** A copy with other HTTP connection limits. */
    public ServerConfig withHttp(HttpLimits newHttp) {
        return new ServerConfig(host, port, dataDir, db, limits, rates, newHttp, protocols);
    }

    /** A copy with other protocol options. */
    public ServerConfig withProtocols(Protocols newProtocols) {
        return new ServerConfig(host, port, dataDir, db, limits, rates, http, newProtocols);
    }
}
