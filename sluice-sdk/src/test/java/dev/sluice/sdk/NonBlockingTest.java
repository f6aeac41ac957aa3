package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * An application thread is never blocked while the server is down: every capture call is timed on its own
 * (an enqueue, nothing more), over many samples, and a high percentile must stay under 1 ms. The queues are
 * small so the drop path is measured too.
 */
class NonBlockingTest {

    private static final int WARMUP = 20_000;
    private static final int SAMPLES = 40_000;

    @Test
    void captureNeverBlocksTheCallerWhileTheServerIsDown() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LongAdder drops = new LongAdder();
        Sluice sluice = Sluice.builder().endpoint("http://127.0.0.1:" + port).openSentryKey("os_x")
                .pugKey("prv_x").tailpointKey("trk_live_x").traceStaxKey("ts_live_x")
                .heartbeatInterval(Duration.ofHours(1)).batch(new BatchConfig(100, 50, 1_000))
                .onError((e, items) -> drops.add(items.size())).build();
        RuntimeException error = new IllegalStateException("db down");
        Map<String, Object> props = Map.of("plan", "pro", "seats", 3);
        Task task = Task.builder("Disk full").build();
        JobMonitor jobs = sluice.jobs().monitor("q");
        Runnable job = jobs.wrap("noop", () -> { });
        long[] nanos = new long[SAMPLES];
        try {
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                long t0 = System.nanoTime();
                switch (i & 3) {
                    case 0 -> sluice.track("user-" + (i & 63), "feature_used", Map.of("featureId", "f"));
                    case 1 -> sluice.captureException(error);
                    case 2 -> sluice.capture(task);
                    default -> sluice.track("user", "custom.kind", props);
                }
                long dt = System.nanoTime() - t0;
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = dt;
                }
            }
            job.run();
        } finally {
            sluice.close(Duration.ofMillis(200));
        }
        Arrays.sort(nanos);
        long p50 = nanos[SAMPLES / 2];
        long p99 = nanos[(int) (SAMPLES * 0.99)];
        long p999 = nanos[(int) (SAMPLES * 0.999)];
        long max = nanos[SAMPLES - 1];
        String report = String.format("capture call latency with the server down over %d calls: p50=%d ns, "
                + "p99=%d ns, p99.9=%d ns, max=%d ns (drops reported: %d)", SAMPLES, p50, p99, p999, max, drops.sum());
        System.out.println(report);
        assertThat(drops.sum()).as("with queues of 1,000 and a dead server, drops must be reported").isPositive();
        assertThat(p99).as("99th percentile must be < 1 ms; " + report).isLessThan(1_000_000L);
    }
}
