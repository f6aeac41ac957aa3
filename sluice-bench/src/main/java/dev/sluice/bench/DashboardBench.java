package dev.sluice.bench;

import dev.sluice.digest.Alerting;
import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.IssueAlerts;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.TransactionItem;
import dev.sluice.server.FirstRun;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server time per dashboard page on a sizeable store: starts a real server on a fresh SQLite store, seeds
 * {@code events} errors over {@code issues} issues (plus one transaction per 10 errors) through the server's
 * digest and the store's batch write API ({@link #seed}; seeding 1M over HTTP would take ~30 min here), logs in
 * like a browser and GETs every page {@code runs} times. Prints p50/p95 and HTML bytes per page, with
 * {@code /health} measured in the same run as the reference. Run:
 * {@code java -cp "sluice-bench/target/classes:sluice-bench/target/lib/*" dev.sluice.bench.DashboardBench
 * 1000000 100000 40}.
 */
public final class DashboardBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int issues = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path dir = Files.createTempDirectory("dashbench");
        ServerConfig base = ServerConfig.defaults(dir);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, base.db(), base.limits());
        System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        try (SluiceServer server = SluiceServer.start(config, Clock.systemUTC())) {
            FirstRun secrets = server.firstRun().orElseThrow();
            String url = server.baseUrl();
            long t0 = System.nanoTime();
            Store store = server.store();
            seed(store, store.findProject("default").orElseThrow().id(), events, issues);
            System.out.printf("seeded %,d errors over %,d issues (+%,d transactions) in %.1f s%n", events, issues,
                    events / 10, (System.nanoTime() - t0) / 1e9);
            String cookie = login(url, secrets.adminToken());
            String issuePath = firstIssue(url, cookie);
            Matcher mark = Pattern.compile("data-mark=\"([^\"]+)\"").matcher(new String(get(url + "/issues", cookie)
                    .body(), java.nio.charset.StandardCharsets.UTF_8));
            String idlePoll = "/issues?fragment=rows&mark=" + (mark.find() ? mark.group(1) : "none");
            List<String> pages = List.of("/health", "/issues", "/issues?range=14d", "/issues?status=all&query=error",
                    idlePoll, issuePath, "/tasks", "/transactions", "/ai", "/jobs", "/analytics",
                    "/analytics?kind=flow", "/alerts", "/settings");
            System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("%-44s %9s %9s %9s%n", "page", "p50 ms", "p95 ms", "bytes");
            for (String page : pages) {
                for (int i = 0; i < 3; i++) {
                    get(url + page, cookie);
                }
                double[] ms = new double[runs];
                int bytes = 0;
                for (int i = 0; i < runs; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> res = get(url + page, cookie);
                    ms[i] = (System.nanoTime() - s) / 1e6;
                    if (res.statusCode() != 200 && res.statusCode() != 204) {
                        throw new IllegalStateException(page + " answered " + res.statusCode());
                    }
                    bytes = res.body().length;
                }
                Arrays.sort(ms);
                System.out.printf("%-44s %9.1f %9.1f %9d%n", page.length() > 44 ? page.substring(0, 44) : page,
                        ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1], bytes);
            }
            System.out.printf("load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * {@code events} errors (+ one transaction per 10 errors) through the digest the server's ingest log runs
     * ({@link BatchApplier} with the server's issue observer: grouping, issue upserts and lifecycle, occurrence
     * rows, transaction histograms), committed through the store's batch write API, 2,000 items a
     * transaction in 20-item batches as the group-commit writer forms them. The first {@code issues} errors
     * open one issue each (distinct type + in-app frames); the rest fall on them skewed (u² — a few hot issues,
     * a long tail), occurred times climbing over the last 14 days.
     */
    static void seed(Store store, ProjectId project, int events, int issues) {
        // The digest's clock follows the seeded history, so occurrence ids (UUIDv7, which the sparklines and
        // retention read as the stored time) are stamped at the seeded time as a live writer would stamp them,
        // not all at the moment of seeding. It moves once per transaction (2,000 items, 14 days x 2,000 / events).
        SeedClock clock = new SeedClock(System.currentTimeMillis() - Duration.ofDays(14).toMillis());
        Ids ids = Ids.create(clock);
        BatchApplier applier = BatchApplier.create(clock, ids, PriceTable.shipped(),
                List.of(IssueAlerts.create(Alerting.create(ids))));
        SplittableRandom random = new SplittableRandom(11);
        long span = Duration.ofDays(14).toMillis();
        long now = clock.millis() + span;
        int perTx = 2_000;
        int perBatch = 20;
        long t0 = System.nanoTime();
        int sent = 0;
        int tx = 0;
        while (sent < events) {
            List<IngestBatch> batches = new ArrayList<>();
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < perTx && sent < events; i++) {
                int k = sent < issues ? sent : (int) (issues * Math.pow(random.nextDouble(), 2));
                long occurred = now - span + span * sent / events - random.nextLong(60_000);
                String ts = Instant.ofEpochMilli(occurred).toString();
                items.add(error(k, sent, ts));
                if (sent % 10 == 9) {
                    items.add(new TransactionItem("GET /api/item/" + (sent % 50), "t" + sent, 5 + sent % 300 + random
                            .nextDouble(), "ok", List.of(), Optional.of("production"), Optional.of("1.0." + sent % 7),
                            Optional.of(ts), Optional.empty()));
                }
                sent++;
                if (items.size() >= perBatch) {
                    batches.add(new IngestBatch(ids.next(), project, Instant.ofEpochMilli(occurred), items));
                    items = new ArrayList<>();
                }
            }
            clock.millis = Math.max(clock.millis, now - span + span * sent / events);
            if (!items.isEmpty()) {
                batches.add(new IngestBatch(ids.next(), project, Instant.now(clock), items));
            }
            store.write(w -> applier.apply(w, batches));
            if (++tx % 100 == 0 || sent == events) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "# seeded %,d errors in %.0f s (%,.0f errors/s)%n", sent, s, sent / s);
            }
        }
    }

    /** Occurrence {@code n} of issue {@code k}: what Open Sentry's parser makes of a typical error. */
    private static ErrorItem error(int k, int n, String timestamp) {
        String type = "Err" + (k % 500);
        String value = "failure number " + k + " at step " + n % 97;
        List<Frame> frames = List.of(new Frame(Optional.of("Main.java"), Optional.of("main"), false),
                new Frame(Optional.of("Service" + k % 100 + ".java"), Optional.of("handle" + k), true),
                new Frame(Optional.of("Repo.java"), Optional.of("load" + k % 37), true));
        String detail = "{\"exception\":{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"stacktrace\":"
                + "{\"frames\":[{\"filename\":\"Main.java\",\"function\":\"main\",\"inApp\":false},"
                + "{\"filename\":\"Service" + k % 100 + ".java\",\"function\":\"handle" + k + "\",\"inApp\":true},"
                + "{\"filename\":\"Repo.java\",\"function\":\"load" + k % 37 + "\",\"inApp\":true}]}},"
                + "\"tags\":{\"shard\":\"" + n % 16 + "\"}}";
        return new ErrorItem(Optional.of(type), Optional.of(value), Optional.empty(), Optional.empty(), frames,
                Optional.of("production"), Optional.of("1.0." + n % 7), Optional.of(timestamp), Optional.empty(),
                detail);
    }

    private static String login(String url, String token) throws Exception {
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String pre = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"pre\" value=\"([^\"]+)\"").matcher(form.body());
        m.find();
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", pre)
                .POST(HttpRequest.BodyPublishers.ofString("pre=" + m.group(1) + "&token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sluice_session="))
                .findFirst().orElseThrow().split(";")[0];
    }

    private static String firstIssue(String url, String cookie) throws Exception {
        Matcher m = Pattern.compile("href=\"(/issues/[^\"]+)\"").matcher(new String(get(url + "/issues", cookie).body(),
                StandardCharsets.UTF_8));
        m.find();
        return m.group(1);
    }

    private static HttpResponse<byte[]> get(String url, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A clock the seeding moves forward through the seeded history (single-threaded). */
    private static final class SeedClock extends Clock {
        private long millis;

        SeedClock(long millis) {
            this.millis = millis;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
