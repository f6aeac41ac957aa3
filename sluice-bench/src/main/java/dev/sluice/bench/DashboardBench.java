package dev.sluice.bench;

import dev.sluice.server.FirstRun;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.auth.KeyKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server time per dashboard page on a sizeable store: starts a real server on a fresh SQLite store, sends
 * {@code events} errors spread over {@code issues} issues (plus one transaction per 10 errors) through Open
 * Sentry, logs in like a browser and GETs every page {@code runs} times. Prints p50/p95 and HTML bytes per page,
 * with {@code /health} measured in the same run as the reference. Run:
 * {@code java -cp "sluice-bench-0.1.0-SNAPSHOT.jar:lib/*" dev.sluice.bench.DashboardBench 1000000 100000 40}.
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
        try (SluiceServer server = SluiceServer.start(config, Clock.systemUTC())) {
            FirstRun secrets = server.firstRun().orElseThrow();
            String url = server.baseUrl();
            long t0 = System.nanoTime();
            seed(url, secrets.key(KeyKind.OPENSENTRY), events, issues);
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
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void seed(String url, String key, int events, int issues) throws Exception {
        int batch = 20;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            int threads = 8;
            for (int t = 0; t < threads; t++) {
                int first = t;
                pending.add(pool.submit(() -> {
                    for (int b = first; b * batch < events; b += threads) {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < batch && b * batch + i < events; i++) {
                            int n = b * batch + i;
                            body.append(i == 0 ? "" : ",");
                            if (n % 10 == 9) {
                                body.append("{\"type\":\"transaction\",\"name\":\"GET /api/item/").append(n % 50)
                                        .append("\",\"traceId\":\"t").append(n).append("\",\"durationMs\":")
                                        .append(5 + n % 300).append(",\"status\":\"ok\"}");
                            } else {
                                body.append("{\"type\":\"error\",\"exception\":{\"type\":\"Err").append(n % issues)
                                        .append("\",\"value\":\"failure number ").append(n % issues).append("\"},")
                                        .append("\"environment\":\"production\",\"release\":\"1.0.").append(n % 7)
                                        .append("\",\"tags\":{\"shard\":\"").append(n % 16).append("\"}}");
                            }
                        }
                        body.append("]");
                        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/ingest"))
                                .header("Content-Type", "application/json").header("X-Open-Sentry-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() != 202) {
                            throw new IllegalStateException(res.statusCode() + " " + res.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        }
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
}
