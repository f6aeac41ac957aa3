package dev.sluice.server.tracestax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.FirstRun;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.limits.RateLimits;
import dev.sluice.server.log.LocalIngestLog;
import dev.sluice.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on one PostgreSQL, each with its own writer, racing live batches for the last units of one
 * project's monthly quota: the digest locks the quota inside each commit, so exactly the quota is admitted
 * across all nodes and every other batch is 402 with nothing stored.
 */
class TraceStaxQuotaMultiNodeTest {

    private static final int QUOTA = 7;
    private static final int PER_NODE = 10;

    @TempDir
    Path dir;

    private final List<SluiceServer> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        nodes.forEach(SluiceServer::close);
    }

    @Test
    void exactlyTheQuotaIsAdmittedAcrossNodes() throws Exception {
        String db = TestDatabases.asDbUrl(TestDatabases.postgres());
        for (int i = 0; i < 3; i++) {
            nodes.add(SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("n" + i), Optional.of(db),
                    LocalIngestLog.Limits.defaults(), RateLimits.defaults()), Clock.systemUTC()));
        }
        FirstRun secrets = nodes.getFirst().firstRun().orElseThrow();
        HttpResponse<String> set = send(nodes.getFirst(), "PUT", "/api/projects/" + secrets.project()
                + "/jobs/settings", "{\"monthlyQuota\":" + QUOTA + "}", secrets.adminToken());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        String key = secrets.key(KeyKind.TRACESTAX_LIVE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < PER_NODE * nodes.size(); i++) {
                SluiceServer node = nodes.get(i % nodes.size());
                String body = "{\"events\":[" + TsClient.event("mn-" + i, "started", 1, "w") + "]}";
                sent.add(pool.submit(() -> {
                    start.await();
                    return send(node, "POST", "/v1/ingest", body, key);
                }));
            }
            start.countDown();
        }
        int admitted = 0;
        for (Future<HttpResponse<String>> f : sent) {
            HttpResponse<String> res = f.get();
            if (res.statusCode() == 202) {
                admitted++;
            } else {
                TraceStaxContractTest.assertError(res, 402, "monthly_limit_reached");
            }
        }
        assertThat(admitted).isEqualTo(QUOTA);
        HttpResponse<String> usage = send(nodes.get(1), "GET", "/api/projects/" + secrets.project()
                + "/jobs/settings", "", secrets.adminToken());
        assertThat(TsClient.json(usage.body()).get("usedThisMonth").asLong()).isEqualTo(QUOTA);
    }

    private HttpResponse<String> send(SluiceServer node, String method, String path, String body, String bearer)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json");
        b = method.equals("GET") ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
