package dev.sluice.bench.sdk;

import dev.sluice.sdk.BatchConfig;
import dev.sluice.sdk.Sluice;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * Heap held by queued events (reported per 10,000): nothing is sent (a batch bigger than the queue and a one-hour wait),
 * so the heap retained after full GCs, measured between a warm-up round and a second round of 10,000, is
 * the queue itself. Run with {@code -XX:+UseSerialGC} for stable
 * numbers: {@code java -XX:+UseSerialGC -cp … dev.sluice.bench.sdk.SdkQueueMemory}.
 */
public final class SdkQueueMemory {

    /** Measured events per scenario: large, so a few MB of unrelated heap churn is noise per event. */
    private static final int N = 100_000;
    private static final int WARMUP = 10_000;

    public static void main(String[] args) throws Exception {
        try (BlackHole endpoint = new BlackHole()) {
            measure("track() with 3 properties", endpoint, (s, n) -> {
                for (int i = 0; i < n; i++) {
                    s.track("user-" + (i % 100), "plan_changed", Map.of("plan", "pro", "seats", i, "trial", false));
                }
            });
            RuntimeException shared = new IllegalStateException("declined");
            measure("captureException() (one shared exception)", endpoint, (s, n) -> {
                for (int i = 0; i < n; i++) {
                    s.captureException(shared);
                }
            });
            measure("captureException() (a new exception each)", endpoint, (s, n) -> {
                for (int i = 0; i < n; i++) {
                    s.captureException(new IllegalStateException("declined " + i));
                }
            });
        }
    }

    /** Accepts requests and never answers them (until closed). */
    static final class BlackHole implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);

        BlackHole() throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 50);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                try {
                    open.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            open.countDown();
            server.stop(0);
        }
    }

    interface Load {
        void run(Sluice s, int n);
    }

    private static void measure(String what, BlackHole endpoint, Load load) {
        // the first batch of each channel hangs in flight (during warm-up); everything after it stays queued
        Sluice s = Sluice.builder().endpoint(endpoint.url()).pugKey("prv_bench").openSentryKey("os_bench")
                .requestTimeout(Duration.ofHours(1)).batch(new BatchConfig(1000, 3_600_000, 200_000)).build();
        load.run(s, WARMUP);    // warm-up round: class loading, catalogs, JIT, the in-flight batch
        long before = used();
        load.run(s, N);         // the measured events, queued on top
        long after = used();
        System.out.printf("%-45s %,d queued: %,d bytes retained, %,d bytes/event → %.1f MB per 10,000%n", what,
                N, after - before, (after - before) / N, (after - before) / (N / 10_000.0) / 1e6);
        s.close(Duration.ofMillis(1));
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
