package dev.sluice.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.ServerProcess;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An alert decided in a commit is delivered even when the server is SIGKILLed before it could send it: the
 * receiver is down while the errors are ingested (every 2xx means the alert sits in the outbox), the server
 * is killed, the receiver comes up, the server restarts — and exactly the decided alerts arrive (at least once
 * each; deduplicated by delivery id, none extra).
 */
class AlertCrashTest {

    static final int ISSUES = 12;

    @TempDir
    Path tmp;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void decidedAlertsSurviveAKillBeforeDelivery(String kind) throws Exception {
        Optional<String> db = kind.equals("sqlite") ? Optional.empty()
                : Optional.of(TestDatabases.asDbUrl(TestDatabases.postgres()));
        Path data = Files.createDirectories(tmp.resolve("data"));
        int port;
        try (Receiver probe = Receiver.start(0, List.of())) {
            port = probe.port();
        }
        HttpClient http = HttpClient.newHttpClient();
        String token;
        ServerProcess first = ServerProcess.start(data, db);
        try {
            token = first.adminToken().orElseThrow();
            String key = first.openSentryKey().orElseThrow();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl()
                    + "/api/projects/default/alert-rules")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"new_issue\",\"channels\":[{\"type\":"
                            + "\"webhook\",\"url\":\"http://127.0.0.1:" + port + "/hook\",\"secret\":\"k\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            for (int i = 0; i < ISSUES; i++) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/v1/ingest"))
                        .header("X-Open-Sentry-Key", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"error\",\"exception\":{\"type\":\"Crash\","
                                + "\"value\":\"v" + i + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).isEqualTo(202);
            }
        } finally {
            first.kill();
        }
        try (Receiver receiver = Receiver.start(port, List.of()); ServerProcess second = ServerProcess.start(data, db)) {
            ApiClient api = new ApiClient(second.baseUrl(), token);
            Set<String> issueIds = new HashSet<>();
            api.issues().forEach(i -> issueIds.add(i.get("id").asText()));
            assertThat(issueIds).hasSize(ISSUES);
            Set<String> deliveryIds = new HashSet<>();
            Set<String> alertedIssues = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (alertedIssues.size() < ISSUES && System.nanoTime() < deadline) {
                Optional<Receiver.Request> r = receiver.poll(500);
                if (r.isPresent()) {
                    JsonNode body = Json.MAPPER.readTree(r.get().body());
                    assertThat(r.get().headers().get("x-sluice-signature")).isEqualTo("sha256="
                            + WebhookSender.sign("k", r.get().headers().get("x-sluice-timestamp") + "." + r.get().body()));
                    deliveryIds.add(body.get("deliveryId").asText());
                    alertedIssues.add(body.get("issueId").asText());
                }
            }
            assertThat(alertedIssues).as(second.log()).isEqualTo(issueIds);
            // Nothing beyond the decided alerts, even after waiting a little longer.
            for (Optional<Receiver.Request> r = receiver.poll(1500); r.isPresent(); r = receiver.poll(1500)) {
                deliveryIds.add(Json.MAPPER.readTree(r.get().body()).get("deliveryId").asText());
            }
            List<JsonNode> log = api.all("/api/projects/default/alert-deliveries", 200);
            assertThat(log).hasSize(ISSUES);
            Set<String> logged = new HashSet<>();
            log.forEach(d -> logged.add(d.get("id").asText()));
            assertThat(deliveryIds).isEqualTo(logged);
        }
    }
}
