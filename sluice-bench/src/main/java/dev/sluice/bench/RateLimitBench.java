package dev.sluice.bench;

import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.limits.RateLimits;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one rate-limit check costs: in memory (one node, SQLite), and shared through PostgreSQL, exact (a bucket
 * under {@code 1,000}/min: one {@code SELECT … FOR UPDATE} + {@code UPDATE} transaction per check, concurrent
 * checks batched) and delayed (a large bucket: synchronized every {@code permits/200} tokens or 100 ms). The
 * reference, measured in the same run on the same pool, is one indexed key lookup ({@code findKeyByHash}).
 * Run: {@code java -cp "sluice-bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:sluice-bench/target/lib/*"
 * dev.sluice.bench.RateLimitBench [rounds]}.
 */
public final class RateLimitBench {

    private RateLimitBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        PgSchema schema = PgSchema.create();
        try (Store store = Store.open(StoreConfig.parse(schema.url()))) {
            RateLimiter local = RateLimiter.create(Clock.systemUTC());
            RateLimiter shared = RateLimiter.forStore(store, RateLimits.defaults(), Clock.systemUTC());
            System.out.printf("load average before: %s%n", loadAverage());
            for (int r = 0; r < rounds; r++) {
                double memory = perCall(1, 2_000_000, i -> local.acquire("k" + (i & 1023), RateLimiter.Limit.perMinute(600)));
                double lookup = perCall(1, 2_000, i -> store.findKeyByHash("00".repeat(32)));
                double exact1 = perCall(1, 2_000, i -> shared.acquire("exact", RateLimiter.Limit.perMinute(999)));
                double exact8 = perCall(8, 4_000, i -> shared.acquire("exact8", RateLimiter.Limit.perMinute(999)));
                double delayed8 = perCall(8, 200_000, i -> shared.acquire("big", RateLimiter.Limit.perMinute(6_000_000)));
                System.out.printf("round %d: in-memory %.2f us | key lookup (reference) %.1f us | shared exact 1 thread "
                        + "%.1f us (%.2fx lookup) | shared exact 8 threads %.1f us/check | shared delayed 8 threads "
                        + "%.2f us/check%n", r, memory, lookup, exact1, exact1 / lookup, exact8, delayed8);
            }
            System.out.printf("load average after: %s%n", loadAverage());
            shared.close();
        } finally {
            schema.drop();
        }
    }

    @FunctionalInterface
    interface Check {
        void run(int i) throws Exception;
    }

    /** Wall-clock microseconds per call, {@code calls} calls spread over {@code threads} threads. */
    private static double perCall(int threads, int calls, Check check) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int i = offset; i < calls; i += threads) {
                        check.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static String loadAverage() {
        try {
            return Arrays.toString(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ", 4))
                    .replaceAll(", [^,]*\\]$", "]");
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
