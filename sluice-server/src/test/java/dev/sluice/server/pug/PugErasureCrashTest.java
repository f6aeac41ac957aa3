package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.shared.profiles.v1.ComplianceRequestStatus;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectRequest;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectResponse;
import dev.sluice.pug.proto.shared.profiles.v1.GetDeletionRequestRequest;
import dev.sluice.pug.proto.shared.profiles.v1.GetDeletionRequestResponse;
import dev.sluice.server.ServerProcess;
import dev.sluice.store.TestDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
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
 * Erasure goes through the ingest log: while clients send events of 30 people, people are erased one after
 * another (DeleteDataSubject), and a server process is SIGKILLed mid-way and restarted. Every acknowledged
 * erasure survives: its request is COMPLETED, no event acknowledged before it was sent is stored, and every
 * node's analytics replica answers insights equal to a recount of the stored events (the erased people's rows
 * dropped there too). On SQLite with one node, and on PostgreSQL with two nodes sharing the store (events
 * through both, erasures through the survivor, the other one killed).
 */
class PugErasureCrashTest {

    private static final int BATCHES = 400;
    private static final int PEOPLE = 30;

    @TempDir
    Path tmp;

    private final PugCrashTest helper = new PugCrashTest();

    /** An acknowledged erasure and the batches of its person acknowledged before it was sent. */
    private record Erased(String requestId, String person, List<Integer> ackedBefore) {
    }

    @Test
    void acknowledgedErasuresSurviveSigkillOnSqlite() throws Exception {
        run(Optional.empty(), false);
    }

    @Test
    void acknowledgedErasuresSurviveSigkillOfOneOfTwoNodesOnPostgres() throws Exception {
        run(Optional.of(TestDatabases.asDbUrl(TestDatabases.postgres())), true);
    }

    private void run(Optional<String> db, boolean twoNodes) throws Exception {
        List<BatchCreateRequest> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            BatchCreateRequest.Builder req = BatchCreateRequest.newBuilder();
            for (int i = 0; i < 10; i++) {
                req.addEvents(PugWire.event(person(b), "kind_" + (i % 3), 1_767_225_600_000L + b * 1000L + i));
            }
            batches.add(req.build());
        }
        Path dataA = Files.createDirectories(tmp.resolve("a"));
        ServerProcess a = ServerProcess.start(dataA, db);
        String key = a.secret("pug-private key").orElseThrow();
        Optional<ServerProcess> b = twoNodes
                ? Optional.of(ServerProcess.start(Files.createDirectories(tmp.resolve("b")), db)) : Optional.empty();
        String eraser = b.map(ServerProcess::baseUrl).orElse(a.baseUrl());
        try {
            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            List<Erased> erased = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            for (int c = 0; c < 6; c++) {
                String url = c % 2 == 1 ? eraser : a.baseUrl();
                clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < BATCHES; i = next.getAndIncrement()) {
                        if (helper.send(url, key, batches.get(i)).isEmpty()) {
                            return; // the server is gone
                        }
                        acked.add(i);
                    }
                });
            }
            java.util.concurrent.Future<Object> erasing = clients.submit(() -> {
                for (int p = 0; p < PEOPLE; p++) {
                    String person = "user_" + p;
                    List<Integer> before = acked.stream().filter(i -> person(i).equals(person)).toList();
                    Optional<String> id = erase(eraser, key, person);
                    if (id.isEmpty()) {
                        return null; // the server is gone
                    }
                    erased.add(new Erased(id.get(), person, before));
                    Thread.sleep(15);
                }
                return null;
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((acked.size() < BATCHES / 3 || erased.size() < 8) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            a.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            erasing.get(); // an erasure answered other than COMPLETED fails here
            assertThat(erased).as("erasures acknowledged before the kill").hasSizeGreaterThanOrEqualTo(8);
            assertThat(erased.stream().mapToInt(e -> e.ackedBefore().size()).sum())
                    .as("events acknowledged before an erasure of their person").isPositive();
            try (ServerProcess a2 = ServerProcess.start(dataA, db)) {
                Set<String> stored = helper.storedIds(a2.baseUrl(), key);
                for (Erased e : erased) {
                    byte[] ask = GetDeletionRequestRequest.newBuilder().setRequestId(e.requestId()).build()
                            .toByteArray();
                    GetDeletionRequestResponse d = GetDeletionRequestResponse.parseFrom(helper.post(a2.baseUrl(),
                            key, "/shared.profiles.v1.ProfilesService/GetDeletionRequest", ask).body());
                    assertThat(d.getStatus()).isEqualTo(ComplianceRequestStatus.COMPLIANCE_REQUEST_STATUS_COMPLETED);
                    assertThat(d.getExternalId()).isEqualTo(e.person());
                    for (int i : e.ackedBefore()) {
                        assertThat(batches.get(i).getEventsList()).extracting(Event::getEventId)
                                .as("events of %s acknowledged before its erasure", e.person())
                                .doesNotContainAnyElementsOf(stored);
                    }
                }
                assertThat(stored).as("events not erased are kept").isNotEmpty();
                helper.assertInsightsMatch(a2.baseUrl(), key);
                if (b.isPresent()) {
                    helper.assertInsightsMatch(b.get().baseUrl(), key);
                }
            }
        } finally {
            if (b.isPresent()) {
                b.get().close();
            }
        }
    }

    private static String person(int batch) {
        return "user_" + (batch * 7 % PEOPLE);
    }

    /** The erasure's request id once it is acknowledged; empty when the server did not answer (killed). */
    private Optional<String> erase(String base, String key, String person) throws InterruptedException {
        try {
            HttpResponse<byte[]> res = helper.post(base, key, "/shared.profiles.v1.ProfilesService/DeleteDataSubject",
                    DeleteDataSubjectRequest.newBuilder().setExternalId(person).build().toByteArray());
            if (res.statusCode() != 200) {
                throw new AssertionError(res.statusCode() + " " + new String(res.body()));
            }
            DeleteDataSubjectResponse done = DeleteDataSubjectResponse.parseFrom(res.body());
            assertThat(done.getStatus()).isEqualTo(ComplianceRequestStatus.COMPLIANCE_REQUEST_STATUS_COMPLETED);
            return Optional.of(done.getRequestId());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
