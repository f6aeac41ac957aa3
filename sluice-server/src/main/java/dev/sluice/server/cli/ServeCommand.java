package dev.sluice.server.cli;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.http.HttpLimits;
import dev.sluice.server.alerts.AlertConfig;
import dev.sluice.server.limits.RateLimits;
import java.time.Duration;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice serve}: runs the server until SIGTERM/SIGINT, then drains and stops. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Sluice server on http://HOST:PORT (default http://0.0.0.0:3001: every interface, "
                + "reachable locally as http://127.0.0.1:3001). The first start prints the admin token and keys once, "
                + "after the server is listening.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:SLUICE_PORT:-3001}",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; env SLUICE_PORT; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:SLUICE_HOST:-0.0.0.0}",
            description = "Address to bind (default: ${DEFAULT-VALUE}, every interface; 127.0.0.1 for this machine "
                    + "only; env SLUICE_HOST).")
    String host;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "${env:SLUICE_HEADER_TIMEOUT:-10}",
            description = "Close a connection whose request headers are not complete after this long "
                    + "(default: ${DEFAULT-VALUE}; env SLUICE_HEADER_TIMEOUT).")
    double headerTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "${env:SLUICE_READ_TIMEOUT:-30}",
            description = "Close a connection whose request body stalls this long (default: ${DEFAULT-VALUE}; "
                    + "env SLUICE_READ_TIMEOUT).")
    double readTimeout;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "${env:SLUICE_IDLE_TIMEOUT:-60}",
            description = "Close a keep-alive connection idle this long (default: ${DEFAULT-VALUE}; env SLUICE_IDLE_TIMEOUT).")
    double idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:SLUICE_MAX_CONNECTIONS:-10000}",
            description = "Connections served at once; more wait in the accept queue (default: ${DEFAULT-VALUE}; "
                    + "env SLUICE_MAX_CONNECTIONS).")
    int maxConnections;

    @Option(names = "--smtp-host", paramLabel = "HOST", defaultValue = "${env:SLUICE_SMTP_HOST}",
            description = "SMTP server for e-mail alerts (env SLUICE_SMTP_HOST; none: e-mail alerts wait and retry).")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "N", defaultValue = "${env:SLUICE_SMTP_PORT:-587}",
            description = "SMTP port (default: ${DEFAULT-VALUE}; env SLUICE_SMTP_PORT).")
    String smtpPort;

    @Option(names = "--smtp-user", paramLabel = "USER", defaultValue = "${env:SLUICE_SMTP_USER}",
            description = "SMTP user; authenticates when set (env SLUICE_SMTP_USER; password: env SLUICE_SMTP_PASSWORD).")
    String smtpUser;

    @Option(names = "--smtp-from", paramLabel = "ADDR", defaultValue = "${env:SLUICE_SMTP_FROM:-sluice@localhost}",
            description = "Sender address of alert e-mail (default: ${DEFAULT-VALUE}; env SLUICE_SMTP_FROM).")
    String smtpFrom;

    @Option(names = "--smtp-starttls", paramLabel = "MODE", defaultValue = "${env:SLUICE_SMTP_STARTTLS:-required}",
            description = "required, optional or off (default: ${DEFAULT-VALUE}; env SLUICE_SMTP_STARTTLS).")
    String smtpStartTls;

    @Option(names = "--smtp-trust-cert", paramLabel = "PEM", defaultValue = "${env:SLUICE_SMTP_TRUST_CERT}",
            description = "PEM file of the certificates to trust for the SMTP server's TLS instead of the JDK's "
                    + "CAs, e.g. a self-signed relay's (env SLUICE_SMTP_TRUST_CERT). The host name is always checked.")
    String smtpTrustCert;

    @Option(names = "--otlp-port", paramLabel = "N", defaultValue = "${env:SLUICE_OTLP_PORT:-4318}",
            description = "Extra OTLP/HTTP listener, the exporters' default port (default: ${DEFAULT-VALUE}; "
                    + "env SLUICE_OTLP_PORT; 0 for none; skipped with a warning when taken). OTLP is always on --port too.")
    int otlpPort;

    @Option(names = "--trace-join-window", paramLabel = "SECONDS", defaultValue = "${env:SLUICE_TRACE_JOIN_WINDOW:-300}",
            description = "How long a piece of an OTel trace exported apart from its root waits for it before it "
                    + "becomes a transaction of its own, counted in the duration histograms (default: "
                    + "${DEFAULT-VALUE}; env SLUICE_TRACE_JOIN_WINDOW).")
    long traceJoinWindowSeconds;

    @Option(names = "--rate-key-per-minute", paramLabel = "N",
            defaultValue = "${env:SLUICE_RATE_KEY_PER_MINUTE:-" + RateLimits.DEFAULT_KEY_PER_MINUTE + "}",
            description = "Requests per minute per key, every protocol, all nodes (default: ${DEFAULT-VALUE}, "
                    + "0 = off; env SLUICE_RATE_KEY_PER_MINUTE). Tailpoint's per-key ratePerMinute setting "
                    + "takes its place for Tailpoint keys.")
    long rateKeyPerMinute;

    @Option(names = "--rate-project-per-minute", paramLabel = "N",
            defaultValue = "${env:SLUICE_RATE_PROJECT_PER_MINUTE:-" + RateLimits.DEFAULT_PROJECT_PER_MINUTE + "}",
            description = "Requests per minute per project, every protocol, all nodes (default: ${DEFAULT-VALUE}, "
                    + "0 = off; env SLUICE_RATE_PROJECT_PER_MINUTE). TraceStax's workspace ratePerMinute setting "
                    + "takes its place for TraceStax keys.")
    long rateProjectPerMinute;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig defaults = ServerConfig.defaults(store.dataDir);
        ServerConfig config = new ServerConfig(host, port, store.dataDir,
                Optional.ofNullable(store.db).filter(s -> !s.isBlank()), defaults.limits(),
                new RateLimits(rateKeyPerMinute, rateProjectPerMinute),
                new HttpLimits(seconds(headerTimeout), seconds(readTimeout), seconds(idleTimeout), maxConnections),
                new ServerConfig.Protocols(defaults.protocols().ratePerMinute(), otlpPort,
                        java.time.Duration.ofSeconds(Math.max(0, traceJoinWindowSeconds))));
        // The password comes from the environment only, so it never shows in a process listing.
        java.util.Map<String, String> smtp = new java.util.HashMap<>();
        smtp.put("SLUICE_SMTP_HOST", smtpHost);
        smtp.put("SLUICE_SMTP_PORT", smtpPort);
        smtp.put("SLUICE_SMTP_USER", smtpUser);
        smtp.put("SLUICE_SMTP_PASSWORD", System.getenv("SLUICE_SMTP_PASSWORD"));
        smtp.put("SLUICE_SMTP_FROM", smtpFrom);
        smtp.put("SLUICE_SMTP_STARTTLS", smtpStartTls);
        smtp.put("SLUICE_SMTP_TRUST_CERT", smtpTrustCert);
        AlertConfig alerts = AlertConfig.defaults().withSmtp(AlertConfig.smtpFrom(smtp::get));
        SluiceServer server = SluiceServer.start(config, Clock.systemUTC(), alerts);
        server.firstRunBanner().ifPresent(System.out::println);
        System.out.println("Sluice listening on " + server.boundAddress());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sluice-shutdown"));
        stopped.await();
        return 0;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
