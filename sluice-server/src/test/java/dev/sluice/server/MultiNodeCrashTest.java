package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one PostgreSQL, load on each; one is SIGKILLed while the other two keep writing.
 * Every item acknowledged by any node is stored exactly once, the survivors never answer anything but 202,
 * and client retries of the uncertain items (through a survivor) settle on exactly what was sent.
 */
class MultiNodeCrashTest {

    @TempDir
    Path tmp;

    @Test
    void killingOneNodeLosesNoAcknowledgedItemAndTheOthersKeepWriting() throws Exception {
        String db = TestDatabases.asDbUrl(TestDatabases.postgres());
        List<ServerProcess> nodes = new ArrayList<>();
        List<IngestLoad> loads = new ArrayList<>();
        try {
            nodes.add(ServerProcess.start(Files.createDirectories(tmp.resolve("n0")), Optional.of(db)));
            String token = nodes.getFirst().adminToken().orElseThrow();
            String key = nodes.getFirst().openSentryKey().orElseThrow();
            for (int n = 1; n < 3; n++) {
                nodes.add(ServerProcess.start(Files.createDirectories(tmp.resolve("n" + n)), Optional.of(db)));
            }
            for (int n = 0; n < 3; n++) {
                IngestLoad load = new IngestLoad(nodes.get(n).baseUrl(), key, "n" + n + "c");
                load.start(3, 20_000);
                loads.add(load);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (loads.stream().anyMatch(l -> l.ackedCount() < 150)) {
                assertThat(System.nanoTime()).as("every node acknowledges under load").isLessThan(deadline);
                Thread.sleep(20);
            }
            nodes.getFirst().kill();
            int survivorsBefore = loads.get(1).ackedCount() + loads.get(2).ackedCount();
            while (loads.get(1).ackedCount() + loads.get(2).ackedCount() < survivorsBefore + 300) {
                assertThat(System.nanoTime()).as("the surviving nodes keep acknowledging").isLessThan(deadline);
                Thread.sleep(20);
            }
            for (IngestLoad load : loads) {
                load.stop();
            }
            Set<String> acked = new HashSet<>();
            Set<String> unsure = new HashSet<>();
            for (IngestLoad load : loads) {
                acked.addAll(load.acked());
                unsure.addAll(load.unknown());
                unsure.addAll(load.refused().keySet());
            }
            for (int n = 1; n < 3; n++) {
                assertThat(loads.get(n).refused()).as("answers other than 202 from survivor " + n).isEmpty();
                assertThat(loads.get(n).unknown()).as("unanswered requests to survivor " + n).isEmpty();
            }
            ServerProcess survivor = nodes.get(1);
            int stored = CrashRecoveryTest.verifyRecovered(new ApiClient(survivor.baseUrl(), token),
                    new IngestLoad(survivor.baseUrl(), key), acked, unsure);
            System.out.printf("multi-node crash test: acked %d (killed node %d), unsure %d, stored after the kill %d%n",
                    acked.size(), loads.getFirst().acked().size(), unsure.size(), stored);
        } finally {
            for (ServerProcess node : nodes) {
                node.close();
            }
        }
    }
}
