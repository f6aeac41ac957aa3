package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.cli.SluiceCommand;
import dev.sluice.server.limits.RateLimits;
import dev.sluice.server.log.LocalIngestLog;
import dev.sluice.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real nodes (Sluice servers in this JVM) on one real PostgreSQL schema, with the CLI writing to the
 * same store while they run: keys (issue 8 finding 1) and one rate limit for all nodes (issue 14 item 4).
 */
class MultiNodeKeysAndLimitsTest {

    private static final String ERROR = "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v\"}}";

    @TempDir
    Path dir;

    private final List<SluiceServer> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String db;
    private FirstRun secrets;

    private void start(int count, RateLimits rates) {
        db = TestDatabases.asDbUrl(TestDatabases.postgres());
        for (int i = 0; i < count; i++) {
            SluiceServer node = SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("n" + i),
                    Optional.of(db), LocalIngestLog.Limits.defaults(), rates), Clock.systemUTC());
            nodes.add(node);
            if (i == 0) {
                secrets = node.firstRun().orElseThrow();
            }
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(SluiceServer::close);
    }

    @Test
    void aKeyMadeByTheCliWorksAtOnceOnEveryNodeAndItsRevocationWithinASecond() throws Exception {
        start(2, RateLimits.defaults());
        for (int round = 0; round < 5; round++) {
            String raw = cli("key", "create", "--project", "default", "--type", "opensentry").trim();
            assertThat(raw).startsWith("os_");
            for (SluiceServer node : nodes) {
                // The very next request after the CLI returned: no snapshot interval to wait out.
                HttpResponse<String> res = openSentry(node, raw);
                assertThat(res.statusCode()).as("round %d on port %d: %s", round, node.port(), res.body()).isEqualTo(202);
            }
        }
        String raw = cli("key", "create", "--project", "default", "--type", "opensentry").trim();
        for (SluiceServer node : nodes) {
            assertThat(openSentry(node, raw).statusCode()).isEqualTo(202); // cached as valid on both nodes
        }
        assertThat(cli("key", "revoke", raw.substring(0, "os_".length() + 6))).contains("revoked");
        Thread.sleep(KeyRegistry.REVOCATION_DELAY.toMillis());
        for (SluiceServer node : nodes) {
            HttpResponse<String> res = openSentry(node, raw);
            assertThat(res.statusCode()).as("revoked key on port %d", node.port()).isEqualTo(403);
        }
    }

    @Test
    void oneRateLimitHoldsAcrossThreeNodes() throws Exception {
        start(3, new RateLimits(0, 90));
        // Tailpoint's per-key ratePerMinute (a project setting), through test keys that never write.
        assertThat(send(nodes.getFirst(), "PUT", "/api/projects/default/task-settings", "{\"ratePerMinute\":60}",
                Map.of("Authorization", "Bearer " + secrets.adminToken())).statusCode()).isEqualTo(200);
        String trk = "Bearer " + secrets.key(KeyKind.TAILPOINT_TEST);
        Counts tailpoint = flood(60, node -> send(node, "POST", "/api/v1/ingest/tasks",
                "{\"source\":\"sdk\",\"title\":\"t\"}", Map.of("Authorization", trk)));
        // Exact unless the database was slower than SharedBuckets.CALL_WAIT and a node fell back to its own bucket.
        assertThat(tailpoint.ok()).as("60/min per key on 3 nodes (per-node buckets let 180 through)").isBetween(60, 66);
        assertThat(tailpoint.ok() + tailpoint.limited()).isEqualTo(180);
        assertThat(tailpoint.sample429().body()).contains("\"TOO_MANY_REQUESTS\"");
        assertThat(tailpoint.sample429().headers().firstValue("retry-after")).isPresent();

        // Open Sentry had no limit at all; now the server's per-project limit (90/min here) holds on all nodes.
        cli("project", "create", "shop");
        String os = cli("key", "create", "--project", "shop", "--type", "opensentry").trim();
        Counts openSentry = flood(60, node -> openSentry(node, os));
        assertThat(openSentry.ok()).as("90/min per project on 3 nodes").isBetween(90, 99);
        assertThat(openSentry.ok() + openSentry.limited()).isEqualTo(180);
        assertThat(openSentry.sample429().body()).startsWith("{\"error\":");
        assertThat(openSentry.sample429().headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void aLargeLimitIsHeldWithinTenPercentAcrossThreeNodes() throws Exception {
        start(3, RateLimits.unlimited());
        // 3,000/min: large enough that each node synchronizes with the database only every 15 tokens or 100 ms.
        assertThat(send(nodes.getFirst(), "PUT", "/api/projects/default/task-settings", "{\"ratePerMinute\":3000}",
                Map.of("Authorization", "Bearer " + secrets.adminToken())).statusCode()).isEqualTo(200);
        String trk = "Bearer " + secrets.key(KeyKind.TAILPOINT_TEST);
        Counts counts = flood(1_500, node -> send(node, "POST", "/api/v1/ingest/tasks",
                "{\"source\":\"sdk\",\"title\":\"t\"}", Map.of("Authorization", trk)));
        assertThat(counts.ok() + counts.limited()).isEqualTo(4_500);
        assertThat(counts.ok()).as("within 10 %% of 3,000").isBetween(2_700, 3_300);
    }

    record Counts(int ok, int limited, HttpResponse<String> sample429) {
    }

    @FunctionalInterface
    interface Call {
        HttpResponse<String> on(SluiceServer node) throws Exception;
    }

    /** {@code perNode} calls on every node at once (one client thread per node, started together). */
    private Counts flood(int perNode, Call call) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        List<HttpResponse<String>> sample = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(nodes.size())) {
            List<Future<?>> done = new ArrayList<>();
            for (SluiceServer node : nodes) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perNode; i++) {
                        HttpResponse<String> res = call.on(node);
                        if (res.statusCode() == 429) {
                            limited.incrementAndGet();
                            sample.add(res);
                        } else if (res.statusCode() / 100 == 2) {
                            ok.incrementAndGet();
                        } else {
                            throw new AssertionError(res.statusCode() + " " + res.body());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.out.printf("rate-limit flood: %d nodes x %d calls: %d allowed, %d limited%n", nodes.size(), perNode,
                ok.get(), limited.get());
        return new Counts(ok.get(), limited.get(), sample.isEmpty() ? null : sample.getFirst());
    }

    private HttpResponse<String> openSentry(SluiceServer node, String key) throws IOException, InterruptedException {
        return send(node, "POST", "/v1/ingest", ERROR, Map.of("X-Open-Sentry-Key", key));
    }

    private HttpResponse<String> send(SluiceServer node, String method, String path, String body,
                                      Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the real CLI in this JVM against the nodes' database; answers its standard output. */
    private String cli(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--db=" + db))
                .toArray(String[]::new);
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        synchronized (MultiNodeKeysAndLimitsTest.class) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                assertThat(SluiceCommand.run(all)).as(String.join(" ", args)).isZero();
            } finally {
                System.setOut(oldOut);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
