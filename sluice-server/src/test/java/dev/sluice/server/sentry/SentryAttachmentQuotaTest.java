package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-project attachment quota with real envelopes on both stores: attachments over it are dropped by the
 * digest with {@code X-Sentry-Rate-Limits} for category {@code attachment}, the event is still stored, and the
 * drop is counted like a client report and in metrics.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryAttachmentQuotaTest {

    TestServer s;

    @BeforeEach
    void start(TestServer server) {
        s = server;
    }

    /** An envelope with an error event and attachments of the given sizes. */
    static byte[] envelope(String eventId, int... sizes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("{\"event_id\":\"" + eventId + "\"}\n{\"type\":\"event\"}\n{\"message\":\"disk full\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sizes.length; i++) {
            b.writeBytes(("{\"type\":\"attachment\",\"length\":" + sizes[i] + ",\"filename\":\"f" + i + ".bin\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            b.writeBytes(new byte[sizes[i]]);
            b.write('\n');
        }
        return b.toByteArray();
    }

    HttpResponse<String> send(byte[] envelope) {
        return s.post("/api/1/envelope/", envelope, Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY)));
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    HttpResponse<String> putQuota(String body) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/attachment-quota"))
                .header("Authorization", "Bearer " + s.adminToken())
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String id(char c) {
        return String.valueOf(c).repeat(32);
    }

    @Test
    void attachmentsOverQuotaAreDroppedWhileTheEventIsStored() throws Exception {
        assertThat(get("/api/projects/default/attachment-quota").get("maxBytes").asLong()).isEqualTo(1L << 30);
        assertThat(putQuota("{\"maxBytes\":-1}").statusCode()).isEqualTo(400);
        assertThat(putQuota("{\"maxBytes\":250000}").statusCode()).isEqualTo(200);

        HttpResponse<String> fits = send(envelope(id('a'), 200_000));
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.headers().firstValue("X-Sentry-Rate-Limits")).isEmpty();

        // Two in one envelope: the first still fits, the second would go over.
        HttpResponse<String> half = send(envelope(id('b'), 40_000, 40_000));
        assertThat(half.statusCode()).isEqualTo(200);
        assertThat(half.headers().firstValue("X-Sentry-Rate-Limits")).hasValue("60:attachment:project:attachment_quota");
        HttpResponse<String> over = send(envelope(id('c'), 100_000));
        assertThat(over.statusCode()).isEqualTo(200);
        assertThat(over.headers().firstValue("X-Sentry-Rate-Limits").orElse("")).contains("attachment_quota");

        assertThat(get("/api/projects/default/events/" + id('a') + "/attachments").get("items")).hasSize(1);
        assertThat(get("/api/projects/default/events/" + id('b') + "/attachments").get("items").findValuesAsText("filename"))
                .containsExactly("f0.bin");
        assertThat(get("/api/projects/default/events/" + id('c') + "/attachments").get("items")).isEmpty();
        // Every event is stored, attachments or not.
        JsonNode issues = get("/api/projects/default/issues").get("items");
        assertThat(issues.findValuesAsText("count")).containsExactly("3");
        JsonNode quota = get("/api/projects/default/attachment-quota");
        assertThat(quota.get("usedBytes").asLong()).isEqualTo(240_000);
        JsonNode drops = get("/api/projects/default/client-reports").get("items");
        assertThat(drops).singleElement().satisfies(d -> {
            assertThat(d.get("reason").asText()).isEqualTo("rate_limited");
            assertThat(d.get("category").asText()).isEqualTo("attachment");
            assertThat(d.get("quantity").asLong()).isEqualTo(140_000);
        });
        assertThat(s.get("/metrics", Optional.empty()).body())
                .contains("sluice_sentry_attachments_dropped_total{reason=\"quota\"} 2.0")
                .contains("sluice_sentry_attachments_dropped_bytes_total{reason=\"quota\"} 140000.0");

        // Lifting the quota (0) lets them in again.
        assertThat(putQuota("{\"maxBytes\":0}").statusCode()).isEqualTo(200);
        HttpResponse<String> again = send(envelope(id('d'), 100_000));
        assertThat(again.headers().firstValue("X-Sentry-Rate-Limits")).isEmpty();
        assertThat(get("/api/projects/default/events/" + id('d') + "/attachments").get("items")).hasSize(1);
        assertThat(get("/api/projects/default/attachment-quota").get("usedBytes").asLong()).isEqualTo(340_000);
    }
}
