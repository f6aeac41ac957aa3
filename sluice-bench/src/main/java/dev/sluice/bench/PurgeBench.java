package dev.sluice.bench;

import dev.sluice.protocol.ProjectId;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.retention.RetentionRunner;
import dev.sluice.store.DataFamily;
import dev.sluice.store.ErrorEventRow;
import dev.sluice.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Retention purge under ingest. Seeds {@code N} error events 100 days old straight through the store's batch
 * API ({@link dev.sluice.store.WriteTx#insertErrorEvents}, 5,000 rows a transaction — HTTP would take hours
 * here), spread over 50 real issues, then measures Open Sentry ingest (closed loop over loopback HTTP, 10 ×
 * 1 KB errors a request) for a baseline window, then again while {@link RetentionRunner} purges the seeded
 * rows in its production pacing (time-sized batches of ~20 ms, pauses at least as long): purge time, ingest p50/p99 without and during the
 * purge, and the store's size on disk before and after (SQLite with incremental vacuum).
 *
 * <p>Run: {@code java -cp "sluice-bench/target/classes:sluice-bench/target/lib/*" dev.sluice.bench.PurgeBench
 * 1000000 [connections=8] [baselineSeconds=20] [db URL, default SQLite in a temp dir]}; {@code -Dpurge.rate=R} for
 * R requests/s on a fixed schedule (open loop) instead of closed-loop clients; {@code -Dpurge.family=dedupe_keys}
 * seeds {@code N} resend keys ({@code dedupe_keys}, 100 to 99 days old, through {@code claimDedupeKeys}) instead
 * of error events, and measures their purge.
 */
public final class PurgeBench {

    /** What is seeded and purged: error events, or with {@code -Dpurge.family=dedupe_keys} resend keys. */
    private static final DataFamily FAMILY = DataFamily.byId(System.getProperty("purge.family", "errors"))
            .orElseThrow();

    private PurgeBench() {
    }

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int baselineSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Optional<String> db = args.length > 3 ? Optional.of(args[3]) : Optional.empty();
        Path dir = Files.createTempDirectory("sluice-purge-");
        ServerConfig base = ServerConfig.defaults(dir);
        SluiceServer server = SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir, db, base.limits(),
                dev.sluice.server.limits.RateLimits.unlimited()), Clock.systemUTC());
        try {
            String key = server.firstRun().orElseThrow().key(KeyKind.OPENSENTRY);
            Store store = server.store();
            ProjectId project = store.findProject("default").orElseThrow().id();
            // The server's own hourly run must not purge the seed behind the benchmark's back: errors are kept
            // 10 years, and the measured run looks from 3,560 days ahead, i.e. a 90-day cutoff from today.
            store.write(tx -> {
                tx.retention().setDays(project, DataFamily.ERROR_EVENTS, 3650);
                return null;
            });
            String hostHeader = "127.0.0.1:" + server.port();
            Payloads.Set bodies = Payloads.build(Map.of("error", 1), 10, 1024, 64);
            List<byte[]> requests = new ArrayList<>();
            for (byte[] b : bodies.bodies()) {
                requests.add(HttpConnection.request("/v1/ingest", hostHeader, "X-Open-Sentry-Key: " + key, b));
            }
            System.out.printf(Locale.ROOT, "# load average at start: %s%n", loadavg());
            // -Dpurge.rate=R: R requests/s in total (10 events each) on a fixed schedule instead of closed loop, so
            // ingest volume does not depend on the machine and a stall counts in full in the percentiles.
            double rate = Double.parseDouble(System.getProperty("purge.rate", "0"));
            System.out.printf(Locale.ROOT, "# ingest: %s%n", rate > 0 ? rate + " requests/s, open loop" : "closed loop");
            try (LoadDriver driver = new LoadDriver("127.0.0.1", server.port(), requests, 10, connections)
                    .paced(rate)) {
                driver.run(3); // warm-up; also creates the 50 issues the seed belongs to
                List<String> issues = issues(store);
                boolean keys = FAMILY == DataFamily.DEDUPE_KEYS;
                if (keys) {
                    seedKeys(store, project, n);
                } else {
                    seed(store, project, issues, n);
                }
                long before = diskBytes(dir, store);
                System.out.printf(Locale.ROOT, "# disk before purge: %.1f MB%n", before / 1e6);
                LoadDriver.Phase quiet = driver.run(baselineSeconds);
                report("ingest without purge", quiet);

                RetentionRunner runner = RetentionRunner.create(store, server.analytics(),
                        Clock.offset(Clock.systemUTC(), Duration.ofDays(3650 - 90)), Duration.ofMillis(5));
                AtomicReference<List<RetentionRunner.Result>> done = new AtomicReference<>();
                long t0 = System.nanoTime();
                Thread purge = Thread.ofPlatform().name("bench-purge").start(() -> done.set(runner.run(false)));
                Histogram during = new Histogram(TimeUnit.SECONDS.toMicros(70), 3);
                long reqs = 0;
                double secs = 0;
                Map<Integer, Long> statuses = new java.util.TreeMap<>();
                long maxWal = 0;
                double lastLine = 0;
                Path wal = dir.resolve("sluice.db-wal");
                while (purge.isAlive()) {
                    LoadDriver.Phase p = driver.run(5);
                    // The WAL is where an unbounded purge would show first: it only shrinks after a checkpoint
                    // that no reader holds back.
                    maxWal = Math.max(maxWal, Files.exists(wal) ? Files.size(wal) : 0);
                    // A line a minute: a 10M purge plus its reclaim runs long enough that the figures so far
                    // matter on their own (the reclaim's pace in particular).
                    if (secs - lastLine >= 60) {
                        lastLine = secs;
                        Path file = dir.resolve("sluice.db");
                        System.out.printf(Locale.ROOT, "#   %4.0f s into the purge: ingest so far p50 %.1f ms p99 %.1f ms "
                                + "max %.1f ms, %,d acked; sluice.db %.1f MB, WAL %.1f MB%n", secs,
                                during.getValueAtPercentile(50) / 1000.0, during.getValueAtPercentile(99) / 1000.0,
                                during.getMaxValue() / 1000.0, statuses.getOrDefault(202, 0L),
                                Files.exists(file) ? Files.size(file) / 1e6 : 0, Files.exists(wal) ? Files.size(wal) / 1e6 : 0);
                    }
                    during.add(p.latencyMicros());
                    reqs += p.requests();
                    secs += p.seconds();
                    p.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum));
                }
                purge.join();
                double purgeSeconds = (System.nanoTime() - t0) / 1e9;
                long deleted = done.get().stream().filter(r -> r.family() == FAMILY)
                        .mapToLong(RetentionRunner.Result::rows).sum();
                report("ingest during purge", new LoadDriver.Phase(reqs, reqs * 10, statuses, 0, during, secs));
                System.out.printf(Locale.ROOT, "# largest WAL seen during the purge: %.1f MB%n", maxWal / 1e6);
                report("ingest after purge", driver.run(baselineSeconds));
                long after = diskBytes(dir, store);
                System.out.printf(Locale.ROOT, "# purge: %,d rows deleted in %.1f s (%,.0f rows/s, incl. reclaim)%n",
                        deleted, purgeSeconds, deleted / purgeSeconds);
                System.out.printf(Locale.ROOT, "# disk after purge: %.1f MB (before %.1f MB)%n", after / 1e6, before / 1e6);
                System.out.printf(Locale.ROOT, "# %s left: %,d%n", FAMILY.table(), count(store));
            }
            System.out.printf(Locale.ROOT, "# load average at end: %s%n", loadavg());
        } finally {
            server.close();
            Target.deleteTree(dir);
        }
    }

    private static void report(String what, LoadDriver.Phase p) {
        Histogram h = p.latencyMicros();
        System.out.printf(Locale.ROOT, "%-22s %8.1f req/s  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  statuses %s%n",
                what, p.requests() / p.seconds(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, p.statuses());
    }

    private static List<String> issues(Store store) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM issues"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** N rows, 100 to 99 days old, in id (time) order, 5,000 a transaction. */
    private static void seed(Store store, ProjectId project, List<String> issues, long n) {
        long start = System.currentTimeMillis() - Duration.ofDays(100).toMillis();
        long stepMicros = Math.max(1, Duration.ofDays(1).toNanos() / 1000 / Math.max(1, n));
        SplittableRandom random = new SplittableRandom(7);
        String detail = "{\"exception\":{\"type\":\"IllegalStateException\",\"value\":\"seeded\",\"stacktrace\":"
                + "{\"frames\":[" + "{\"filename\":\"App.java\",\"function\":\"run\",\"lineno\":10,\"inApp\":true},"
                .repeat(6) + "{\"filename\":\"Main.java\",\"function\":\"main\",\"lineno\":1,\"inApp\":true}]}},"
                + "\"tags\":{\"host\":\"bench\"}}";
        long t0 = System.nanoTime();
        for (long done = 0; done < n; ) {
            int size = (int) Math.min(5_000, n - done);
            List<ErrorEventRow> rows = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long k = done + i;
                long millis = start + k * stepMicros / 1000;
                String id = new UUID((millis << 16) | 0x7000 | (k & 0xfff), 0x8000000000000000L
                        | (random.nextLong() >>> 2)).toString();
                rows.add(new ErrorEventRow(id, project, issues.get((int) (k % issues.size())), millis, millis,
                        Optional.empty(), "error", Optional.of("bench"), Optional.of("1.0.0"), detail));
            }
            store.write(tx -> {
                tx.insertErrorEvents(rows);
                return null;
            });
            done += size;
            if (done % 500_000 < 5_000 || done == n) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "# seeded %,d in %.0f s (%,.0f rows/s)%n", done, s, done / s);
            }
        }
    }

    /** N resend keys, 100 to 99 days old, in time order, 5,000 a transaction (random keys, like event ids). */
    private static void seedKeys(Store store, ProjectId project, long n) {
        long start = System.currentTimeMillis() - Duration.ofDays(100).toMillis();
        long step = Math.max(1, Duration.ofDays(1).toMillis() / Math.max(1, n));
        SplittableRandom random = new SplittableRandom(7);
        long t0 = System.nanoTime();
        for (long done = 0; done < n; ) {
            int size = (int) Math.min(5_000, n - done);
            List<String> keys = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                keys.add("error:" + new UUID(random.nextLong(), random.nextLong()).toString().replace("-", ""));
            }
            long at = start + done * step;
            store.write(tx -> tx.claimDedupeKeys(project, keys, at));
            done += size;
            if (done % 500_000 < 5_000 || done == n) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "# seeded %,d keys in %.0f s (%,.0f rows/s)%n", done, s, done / s);
            }
        }
    }

    private static long count(Store store) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + FAMILY.table());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** SQLite: the database and WAL files; PostgreSQL: the schema's relations. */
    private static long diskBytes(Path dir, Store store) throws java.io.IOException {
        if (store.dialect() == dev.sluice.store.Dialect.POSTGRESQL) {
            return store.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT SUM(pg_total_relation_size(c.oid)) FROM "
                        + "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                        + "AND c.relkind = 'r'"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
        // The pages an incremental vacuum gave back leave the file when the WAL is checkpointed (SQLite does so
        // by itself every ~40 MB of WAL); do it now so the figure does not depend on when that happens.
        store.read(c -> {
            try (var st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
        System.out.printf(Locale.ROOT, "#   auto_vacuum %s, pages %s, free pages %s%n", pragma(store, "auto_vacuum"),
                pragma(store, "page_count"), pragma(store, "freelist_count"));
        long total = 0;
        for (String f : List.of("sluice.db", "sluice.db-wal")) {
            Path p = dir.resolve(f);
            long size = Files.exists(p) ? Files.size(p) : 0;
            System.out.printf(Locale.ROOT, "#   %s %.1f MB%n", f, size / 1e6);
            total += size;
        }
        return total;
    }

    private static long pragma(Store store, String name) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("PRAGMA " + name); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static String loadavg() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
