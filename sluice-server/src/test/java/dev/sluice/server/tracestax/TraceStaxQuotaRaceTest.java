package dev.sluice.server.tracestax;

import static dev.sluice.server.tracestax.TraceStaxContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The monthly quota is decided by the digest inside the commit: concurrent batches racing for the last units
 * of a quota cannot all spend them. Exactly the quota is stored, every other batch is answered 402
 * {@code monthly_limit_reached} and stored nothing, and the usage counts exactly what was admitted.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH, shareServer = true)
class TraceStaxQuotaRaceTest {

    private static final int QUOTA = 5;
    private static final int BATCHES = 24;

    @Test
    void concurrentBatchesAgainstAQuotaWithRoomForFewerStoreExactlyTheQuota(TestServer server) throws Exception {
        TsClient admin = new TsClient(server, server.key(KeyKind.TRACESTAX_LIVE));
        TsClient ts = new TsClient(server, admin.newProjectKey("race", "tracestax-live"));
        HttpResponse<String> set = admin.admin("PUT", "/api/projects/race/jobs/settings",
                "{\"monthlyQuota\":" + QUOTA + "}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(BATCHES)) {
            for (int i = 0; i < BATCHES; i++) {
                String body = "{\"events\":[" + TsClient.event("race-" + i, "started", 1, "w:" + i) + "]}";
                sent.add(pool.submit(() -> {
                    start.await();
                    return ts.post("/v1/ingest", body);
                }));
            }
            start.countDown();
        }
        List<Integer> admitted = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
            HttpResponse<String> res = sent.get(i).get();
            if (res.statusCode() == 202) {
                assertThat(TsClient.json(res.body()).get("accepted").asInt()).isEqualTo(1);
                admitted.add(i);
            } else {
                assertError(res, 402, "monthly_limit_reached");
                assertThat(res.body()).isEqualTo(
                        "{\"ok\":false,\"error\":{\"code\":\"monthly_limit_reached\",\"message\":"
                                + "\"the monthly event quota is used up\"}}");
            }
        }
        assertThat(admitted).hasSize(QUOTA);
        assertThat(ts.api("/api/projects/race/jobs/settings").get("usedThisMonth").asLong()).isEqualTo(QUOTA);
        for (int i = 0; i < BATCHES; i++) {
            HttpResponse<String> run = server.get("/api/projects/race/jobs/runs/race-" + i);
            assertThat(run.statusCode()).as("run race-%d", i).isEqualTo(admitted.contains(i) ? 200 : 404);
        }
    }
}
