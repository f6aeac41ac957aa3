package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for Sluice's Open Sentry ingest ({@code POST /v1/ingest}): N keep-alive HTTP/1.1 clients
 * on virtual threads with pre-built request bytes, for a bounded time, reporting requests/s, items/s,
 * latency percentiles, non-2xx answers and the server's group-commit batch sizes. It can start the server
 * in this JVM (SQLite or PostgreSQL), start the constant-202 ceiling server, spawn the server jar as a
 * separate process (start time, RSS), or load an external loopback URL. Run with {@code --help}.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        Optional<LoadOptions> parsed;
        try {
            parsed = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(LoadOptions.HELP);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            System.out.println(LoadOptions.HELP);
            return;
        }
        LoadOptions o = parsed.get();
        Optional<EcosystemPayloads.Sentry> sentry = o.protocol() == Protocol.SENTRY
                ? Optional.of(EcosystemPayloads.sentry(o.variants(), o.itemBytes())) : Optional.empty();
        Payloads.Set payloads = switch (o.protocol()) {
            case TAILPOINT -> Protocol.tailpointBodies(Math.max(o.variants(), 500));
            case TRACESTAX -> Protocol.traceStaxBodies(o.items(), o.variants());
            case OPENSENTRY -> Payloads.build(o.mix(), o.items(), o.itemBytes(), o.variants());
            case SENTRY -> sentry.orElseThrow().set();
            case OTLP -> EcosystemPayloads.otlp(o.variants(), o.items());
        };
        System.out.printf(Locale.ROOT, "# %d connections, %d item(s)/request, mix %s, ~%.0f body bytes, "
                        + "warm-up %d s, %d x %d s runs; generator shares this machine's %d cores with the server%n",
                o.connections(), o.items(), o.mix(), payloads.meanBodyBytes(), o.warmupSeconds(), o.runs(),
                o.durationSeconds(), Runtime.getRuntime().availableProcessors());
        List<String> kinds = switch (o.target()) {
            case "both" -> List.of("sluice", "ceiling");
            default -> List.of(o.target());
        };
        sentry.ifPresent(s -> System.out.printf(Locale.ROOT, "# sentry: ~%.0f bytes per envelope before gzip%n",
                s.meanPlainBytes()));
        List<GzipStamp> gzip = sentry.map(EcosystemPayloads.Sentry::stamps).orElse(List.of());
        for (String kind : kinds) {
            runTarget(kind, o, payloads, gzip);
        }
        // Helidon and JDBC pools leave non-daemon threads behind; everything is closed, so leave now.
        System.exit(0);
    }

    private static void runTarget(String kind, LoadOptions o, Payloads.Set payloads, List<GzipStamp> gzip)
            throws Exception {
        Target target;
        switch (kind) {
            case "sluice" -> target = Target.inProcess(o.db(), o.protocol());
            case "ceiling" -> target = Target.ceiling();
            case "url" -> target = Target.external(o.url().orElseThrow(), o.key().orElseThrow());
            case "spawn" -> {
                SpawnedServer.Started s = SpawnedServer.start(
                        Path.of(o.jar().orElse("sluice-server/target/sluice-server.jar")), o.serverJvmOpts(), o.db());
                System.out.printf(Locale.ROOT, "# spawned pid %d: start to first /health 200 = %.3f s, "
                        + "idle RSS = %d MB%n", s.target().pid().orElseThrow(), s.startSeconds(), s.idleRssKb() / 1024);
                target = s.target();
            }
            default -> throw new IllegalArgumentException(kind);
        }
        try (target) {
            List<byte[]> requests = new ArrayList<>();
            String hostHeader = target.host() + ":" + target.port();
            for (byte[] body : payloads.bodies()) {
                requests.add(HttpConnection.withHeaders(o.protocol().path(target.projectNumber()), hostHeader,
                        o.protocol().headers(target.key()), body));
            }
            List<RunResult> results = new ArrayList<>();
            long acknowledged = 0;
            try (LoadDriver driver = new LoadDriver(target.host(), target.port(), requests, payloads.itemsPerBody(),
                    o.connections(), gzip)) {
                if (o.warmupSeconds() > 0) {
                    LoadDriver.Phase w = driver.run(o.warmupSeconds());
                    acknowledged += w.items();
                    System.out.printf(Locale.ROOT, "# %s warm-up: %.0f req/s, statuses %s, io errors %d%n",
                            target.name(), w.requests() / w.seconds(), w.statuses(), w.ioErrors());
                }
                System.out.println(RunResult.header());
                for (int r = 0; r < o.runs(); r++) {
                    results.add(measure(target, driver, o.durationSeconds()));
                    System.out.println(results.getLast().line());
                    acknowledged += results.getLast().phase().items();
                    if (results.getLast().phase().non2xx() > 0) {
                        System.out.println("#   statuses " + results.getLast().statusDetail());
                    }
                }
            }
            System.out.println(RunResult.medianLine(results));
            if (o.verify() && target.adminToken().isPresent()) {
                StoredCount.check(target, o.protocol(), acknowledged, payloads.itemsPerBody());
            }
            if (target.pid().isPresent()) {
                // RSS after load: what the JVM keeps once the burst is over.
                Thread.sleep(3_000);
                System.out.printf(Locale.ROOT, "# %s RSS 3 s after load: %d MB%n", target.name(),
                        SpawnedServer.rssKb(target.pid().getAsLong()) / 1024);
            }
        }
    }

    /**
     * CPU time of the in-process server's group-commit writer thread, or -1 when it does not run here. The
     * writer is the serial stage, so its CPU per item is the noise-proof figure to compare builds by.
     */
    private static long writerCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("sluice-writer"))
                .mapToLong(t -> mx.getThreadCpuTime(t.threadId())).findFirst().orElse(-1);
    }

    private static RunResult measure(Target target, LoadDriver driver, int seconds) throws InterruptedException {
        CommitStats before = target.hasMetrics() ? CommitStats.scrape(target.host(), target.port()) : CommitStats.NONE;
        AtomicLong peak = new AtomicLong(-1);
        Thread sampler = null;
        if (target.pid().isPresent()) {
            long pid = target.pid().getAsLong();
            sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(SpawnedServer.rssKb(pid), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        CpuSample cpu0 = CpuSample.now(target.pid());
        long writer0 = writerCpuNanos();
        LoadDriver.Phase phase = driver.run(seconds);
        long writer1 = writerCpuNanos();
        CpuSample cpu1 = CpuSample.now(target.pid());
        if (sampler != null) {
            sampler.interrupt();
            sampler.join();
        }
        CommitStats after = target.hasMetrics() ? CommitStats.scrape(target.host(), target.port()) : CommitStats.NONE;
        return new RunResult(target.name(), phase, after.minus(before), peak.get(),
                cpu1.ownCores(cpu0, phase.seconds()), cpu1.otherCores(cpu0, phase.seconds()),
                writer0 < 0 || phase.items() == 0 ? -1 : (writer1 - writer0) / 1000.0 / phase.items());
    }
}
