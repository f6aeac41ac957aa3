package dev.sluice.bench.sdk;

import dev.sluice.sdk.BatchConfig;
import dev.sluice.sdk.Sluice;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * Heap held by 10,000 queued events: nothing is sent (a batch bigger than the queue and a one-hour wait),
 * so the retained heap after a full GC is the queue itself. Run with {@code -XX:+UseSerialGC} for stable
 * numbers: {@code java -XX:+UseSerialGC -cp … dev.sluice.bench.sdk.SdkQueueMemory}.
 */
public final class SdkQueueMemory {

    private static final int N = 10_000;

    public static void main(String[] args) throws Exception {
        try (NoOpEndpoint endpoint = new NoOpEndpoint()) {
            measure("track() with 3 properties", endpoint, s -> {
                for (int i = 0; i < N; i++) {
                    s.track("user-" + (i % 100), "plan_changed", Map.of("plan", "pro", "seats", i, "trial", false));
                }
            });
            RuntimeException shared = new IllegalStateException("declined");
            measure("captureException() (one shared exception)", endpoint, s -> {
                for (int i = 0; i < N; i++) {
                    s.captureException(shared);
                }
            });
            measure("captureException() (a new exception each)", endpoint, s -> {
                for (int i = 0; i < N; i++) {
                    s.captureException(new IllegalStateException("declined " + i));
                }
            });
        }
    }

    interface Load {
        void run(Sluice s);
    }

    private static void measure(String what, NoOpEndpoint endpoint, Load load) {
        Sluice s = Sluice.builder().endpoint(endpoint.url()).pugKey("prv_bench").openSentryKey("os_bench")
                .batch(new BatchConfig(20_000, 3_600_000, 20_000)).build();
        long before = used();
        load.run(s);
        long after = used();
        System.out.printf("%-45s %,d queued: %,d bytes retained, %,d bytes/event%n", what, N, after - before,
                (after - before) / N);
        s.close(Duration.ofMillis(1));
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
