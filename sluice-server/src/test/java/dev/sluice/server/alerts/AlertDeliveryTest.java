package dev.sluice.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Alerts end to end: rules by REST, decided in the commit, delivered to a real receiver and a real SMTP server. */
class AlertDeliveryTest {

    @TempDir
    Path dir;

    static final AlertConfig FAST = AlertConfig.defaults().withTimings(Duration.ofMillis(20), Duration.ofHours(1),
            Duration.ofMillis(100), Duration.ofSeconds(1), 5);

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    TestServer start(String kind, AlertConfig alerts) {
        ServerConfig config = ServerConfig.defaults(dir);
        if (kind.equals("postgresql")) {
            config = config.withDb(TestDatabases.asDbUrl(TestDatabases.postgres()));
        }
        return TestServer.start(config, alerts);
    }

    static HttpResponse<String> send(TestServer s, String method, String path, String body) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + s.adminToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String rule(TestServer s, String body) throws IOException {
        HttpResponse<String> res = send(s, "POST", "/api/projects/default/alert-rules", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return Json.MAPPER.readTree(res.body()).get("id").asText();
    }

    static String error(String value) {
        return "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"" + value + "\"}}";
    }

    static JsonNode deliveries(TestServer s) throws IOException {
        return Json.MAPPER.readTree(s.get("/api/projects/default/alert-deliveries").body()).get("items");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void newIssuesAndRegressionsReachASignedWebhookWithRetriesAndCooldown(String kind) throws Exception {
        try (Receiver receiver = Receiver.start(0, List.of(500, 503)); TestServer s = start(kind, FAST)) {
            rule(s, "{\"name\":\"new\",\"kind\":\"new_issue\",\"channels\":[{\"type\":\"webhook\",\"url\":\""
                    + receiver.url("/hook") + "\",\"secret\":\"s3cret\"}]}");
            rule(s, "{\"kind\":\"regression\",\"cooldownSeconds\":3600,\"channels\":[{\"type\":\"webhook\",\"url\":\""
                    + receiver.url("/slack") + "\",\"format\":\"slack\"}]}");
            assertThat(s.ingest(error("first")).statusCode()).isEqualTo(202);
            // Two failures (500, 503), then delivered: the same delivery id each time.
            Receiver.Request a = receiver.next(10);
            Receiver.Request b = receiver.next(10);
            Receiver.Request c = receiver.next(10);
            String id = a.headers().get("x-sluice-delivery");
            assertThat(List.of(b.headers().get("x-sluice-delivery"), c.headers().get("x-sluice-delivery")))
                    .containsOnly(id);
            String expected = WebhookSender.sign("s3cret", c.headers().get("x-sluice-timestamp") + "." + c.body());
            assertThat(c.headers().get("x-sluice-signature")).isEqualTo("sha256=" + expected);
            JsonNode payload = Json.MAPPER.readTree(c.body());
            assertThat(payload.get("deliveryId").asText()).isEqualTo(id);
            assertThat(payload.get("title").asText()).isEqualTo("New issue: E: first");
            assertThat(payload.get("rule").get("kind").asText()).isEqualTo("new_issue");
            String issueId = payload.get("issueId").asText();
            awaitStatus(s, id, "delivered");
            JsonNode log = deliveries(s).get(0);
            assertThat(log.get("attempts").asInt()).isEqualTo(3);

            // A second event of the same issue is not new: nothing is sent.
            s.ingest(error("first"));
            assertThat(receiver.poll(500)).isEmpty();

            // Resolve, recur: a regression in Slack's shape. A second regression within the cooldown is held back.
            send(s, "PATCH", "/api/projects/default/issues/" + issueId, "{\"status\":\"resolved\"}");
            s.ingest(error("first"));
            Receiver.Request slack = receiver.next(10);
            assertThat(slack.path()).isEqualTo("/slack");
            assertThat(Json.MAPPER.readTree(slack.body()).get("text").asText()).startsWith("Regression: E: first");
            send(s, "PATCH", "/api/projects/default/issues/" + issueId, "{\"status\":\"resolved\"}");
            s.ingest(error("first"));
            assertThat(receiver.poll(500)).isEmpty();
            assertThat(deliveries(s)).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void frequencyRulesAndPermanentFailuresAndEmail(String kind) throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser("alerts@example.com", "alerts", "pw");
        mail.start();
        try (Receiver receiver = Receiver.start(0, List.of(410))) {
            int smtpPort = mail.getSmtp().getPort();
            AlertConfig withMail = FAST.withSmtp(Optional.of(new AlertConfig.Smtp("127.0.0.1", smtpPort,
                    Optional.of("alerts"), Optional.of("pw"), "sluice@example.com", "optional")));
            try (TestServer s = start(kind, withMail)) {
                rule(s, "{\"kind\":\"issue_frequency\",\"threshold\":3,\"windowSeconds\":600,\"channels\":["
                        + "{\"type\":\"email\",\"to\":[\"ops@example.com\"]},"
                        + "{\"type\":\"webhook\",\"url\":\"" + receiver.url("/gone") + "\",\"format\":\"discord\"}]}");
                s.ingest("[" + error("hot") + "," + error("hot") + "]");
                s.ingest(error("hot"));
                assertThat(mail.waitForIncomingEmail(0)).isTrue();
                assertThat(mail.getReceivedMessages()).isEmpty();
                s.ingest(error("hot"));
                assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
                MimeMessage m = mail.getReceivedMessages()[0];
                assertThat(m.getSubject()).isEqualTo("[Sluice] Frequent issue: E: hot");
                assertThat(m.getHeader("X-Sluice-Delivery")[0]).isNotBlank();
                assertThat(Json.MAPPER.readTree(receiver.next(10).body()).get("content").asText())
                        .startsWith("Frequent issue: E: hot");
                // 410 is permanent: no retry, marked failed in the log.
                JsonNode log = awaitAll(s, 2);
                assertThat(log.findValuesAsText("status")).containsExactlyInAnyOrder("delivered", "failed");
                assertThat(receiver.poll(300)).isEmpty();
                assertThat(send(s, "POST", "/api/projects/default/alert-rules", "{\"kind\":\"cron_someday\","
                        + "\"channels\":[{\"type\":\"email\",\"to\":[\"a@b.c\"]}]}").statusCode()).isEqualTo(400);
                assertThat(send(s, "POST", "/api/projects/default/alert-rules", "{\"kind\":\"new_issue\","
                        + "\"channels\":[{\"type\":\"webhook\",\"url\":\"ftp://x\"}]}").statusCode()).isEqualTo(400);
                assertThat(send(s, "POST", "/api/projects/default/alert-rules", "{\"kind\":\"new_issue\",\"color\":1,"
                        + "\"channels\":[{\"type\":\"email\",\"to\":[\"a@b.c\"]}]}").statusCode()).isEqualTo(400);
                assertThat(s.get("/api/projects/default/alert-rules").body()).doesNotContain("s3cret");
            }
        } finally {
            mail.stop();
        }
    }

    static void awaitStatus(TestServer s, String deliveryId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode d : deliveries(s)) {
                if (d.get("id").asText().equals(deliveryId) && d.get("status").asText().equals(status)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("delivery " + deliveryId + " never " + status + ": " + deliveries(s));
    }

    static JsonNode awaitAll(TestServer s, int settled) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode log = deliveries(s);
        while (System.nanoTime() < deadline) {
            log = deliveries(s);
            if (log.findValuesAsText("status").stream().filter(x -> !x.equals("pending")).count() >= settled) {
                return log;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("deliveries not settled: " + log);
    }
}
