package dev.sluice.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.digest.Alerting;
import dev.sluice.protocol.Ids;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code quota} alert rule covers the attachment quota too: attachments sent as real Sentry envelopes fill
 * a project's quota, and a rule at 80 % and one at 100 % each deliver one webhook to a real HTTP receiver when
 * the stored bytes reach them, once per month, not on every evaluation.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class AttachmentQuotaAlertTest {

    @TempDir
    Path dir;

    @Test
    void attachmentQuotaAlertsAtEachThresholdOnce(StoreKind kind) throws Exception {
        AlertConfig quiet = AlertConfig.defaults().withTimings(Duration.ofMillis(50), Duration.ofHours(1),
                Duration.ofMillis(100), Duration.ofSeconds(1), 3);
        try (Receiver receiver = Receiver.start(0, List.of()); TestServer s = TestServer.start(kind.config(dir), quiet)) {
            String hook = "[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}]";
            for (int threshold : new int[] {80, 100}) {
                assertThat(AlertSchedulerTest.admin(s, "POST", "/api/projects/default/alert-rules",
                        "{\"kind\":\"quota\",\"threshold\":" + threshold + ",\"channels\":" + hook + "}").statusCode())
                        .isEqualTo(201);
            }
            assertThat(AlertSchedulerTest.admin(s, "PUT", "/api/projects/default/attachment-quota",
                    "{\"maxBytes\":10000}").statusCode()).isEqualTo(200);
            AlertScheduler now = AlertScheduler.create(s.server().store(), Clock.systemUTC(),
                    Alerting.create(Ids.create(Clock.systemUTC())));
            String month = Instant.now().toString().substring(0, 7);

            assertThat(send(s, "a", 7_900)).isEqualTo(200);
            assertThat(now.runOnce()).as("79 %% is under both thresholds").isZero();

            assertThat(send(s, "b", 100)).isEqualTo(200);
            assertThat(now.runOnce()).as("80 %% reached").isEqualTo(1);
            Receiver.Request first = receiver.next(10);
            JsonNode body = Json.MAPPER.readTree(first.body());
            assertThat(body.toString()).contains("attachment_quota:" + month + ":80").contains("Attachment quota at 80 %");
            assertThat(now.runOnce()).as("still at 80 %%: once per month").isZero();

            // 2,001 more bytes would go over: dropped, the usage stays; exactly 2,000 fills it to 100 %.
            assertThat(send(s, "c", 2_001)).isEqualTo(200);
            assertThat(now.runOnce()).isZero();
            assertThat(send(s, "d", 2_000)).isEqualTo(200);
            assertThat(now.runOnce()).as("100 %% reached").isEqualTo(1);
            assertThat(Json.MAPPER.readTree(receiver.next(10).body()).toString())
                    .contains("attachment_quota:" + month + ":100").contains("\"usedBytes\":10000");
            assertThat(now.runOnce()).isZero();
            assertThat(AlertSchedulerTest.subjects(s)).containsExactlyInAnyOrder("attachment_quota:" + month + ":80",
                    "attachment_quota:" + month + ":100");
            assertThat(receiver.poll(300)).as("no further delivery").isEmpty();
        }
    }

    /** A Sentry envelope: an error event and one attachment of {@code bytes} bytes. */
    static byte[] envelope(String eventId, int bytes) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(("{\"event_id\":\"" + eventId + "\"}\n{\"type\":\"event\"}\n{\"message\":\"disk full\"}\n"
                + "{\"type\":\"attachment\",\"length\":" + bytes + ",\"filename\":\"dump.bin\"}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        b.writeBytes(new byte[bytes]);
        b.write('\n');
        return b.toByteArray();
    }

    private static int send(TestServer s, String idChar, int bytes) {
        return s.post("/api/1/envelope/", envelope(idChar.repeat(32), bytes),
                Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY))).statusCode();
    }
}
