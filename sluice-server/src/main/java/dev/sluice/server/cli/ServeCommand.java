package dev.sluice.server.cli;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.limits.RateLimits;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice serve}: runs the server until SIGTERM/SIGINT, then drains and stops. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Sluice server.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:SLUICE_PORT:-3001}",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; env SLUICE_PORT; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:SLUICE_HOST:-0.0.0.0}",
            description = "Address to bind (default: ${DEFAULT-VALUE}; env SLUICE_HOST).")
    String host;

    @Option(names = "--otlp-port", paramLabel = "N", defaultValue = "${env:SLUICE_OTLP_PORT:-4318}",
            description = "Extra OTLP/HTTP listener, the exporters' default port (default: ${DEFAULT-VALUE}; "
                    + "env SLUICE_OTLP_PORT; 0 for none; skipped with a warning when taken). OTLP is always on --port too.")
    int otlpPort;

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
                new ServerConfig.Protocols(defaults.protocols().ratePerMinute(), otlpPort));
        SluiceServer server = SluiceServer.start(config, Clock.systemUTC());
        server.firstRunBanner().ifPresent(System.out::println);
        System.out.println("Sluice listening on port " + server.port());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sluice-shutdown"));
        stopped.await();
        return 0;
    }
}
