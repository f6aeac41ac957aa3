package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.server.ServerProcess;
import dev.sluice.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes share one PostgreSQL store, each with its own analytics replica, and both take writes; one is
 * SIGKILLed mid-way and restarted. Each node's replica follows transactions committing out of order on the other
 * node: afterwards both answer insights equal to a recount of the stored events.
 */
class PugMultiNodeCrashTest {

    private static final int BATCHES = 240;

    @TempDir
    Path tmp;

    @Test
    void everyNodesReplicaMatchesTheSharedStoreAfterAKill() throws Exception {
        String db = TestDatabases.asDbUrl(TestDatabases.postgres());
        PugCrashTest helper = new PugCrashTest();
        List<BatchCreateRequest> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            BatchCreateRequest.Builder req = BatchCreateRequest.newBuilder();
            for (int i = 0; i < 20; i++) {
                req.addEvents(PugWire.event("user_" + (b % 41), "kind_" + (i % 4), 1_767_225_600_000L + b * 1000L + i));
            }
            batches.add(req.build());
        }
        Path dataA = Files.createDirectories(tmp.resolve("a"));
        Path dataB = Files.createDirectories(tmp.resolve("b"));
        ServerProcess a = ServerProcess.start(dataA, Optional.of(db));
        String key = a.secret("pug-private key").orElseThrow();
        try (ServerProcess b = ServerProcess.start(dataB, Optional.of(db))) {
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            for (int c = 0; c < 8; c++) {
                String url = c % 2 == 0 ? a.baseUrl() : b.baseUrl();
                clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < BATCHES; i = next.getAndIncrement()) {
                        if (helper.send(url, key, batches.get(i)).isEmpty()) {
                            return;
                        }
                        acked.add(i);
                    }
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acked.size() < BATCHES / 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            a.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            try (ServerProcess a2 = ServerProcess.start(dataA, Optional.of(db))) {
                for (BatchCreateRequest batch : batches) {
                    helper.send(b.baseUrl(), key, batch).orElseThrow();
                }
                assertThat(helper.storedIds(a2.baseUrl(), key)).hasSize(BATCHES * 20);
                helper.assertInsightsMatch(a2.baseUrl(), key);
                helper.assertInsightsMatch(b.baseUrl(), key);
            }
        }
    }
}
