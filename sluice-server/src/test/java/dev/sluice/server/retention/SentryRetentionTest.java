package dev.sluice.server.retention;

import static dev.sluice.server.retention.RetentionTest.at;
import static dev.sluice.server.retention.RetentionTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.store.DataFamily;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sentry's extra items under retention, on both stores, sent as real envelopes: check-ins, attachments,
 * release-health sessions and client reports are counted by the dry run, purged past their days (the event an
 * attachment belonged to stays, as an issue sample), and measured in {@code /metrics}.
 */
class SentryRetentionTest {

    static final String EVENT = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    static byte[] envelope(long nowSeconds) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("{\"event_id\":\"" + EVENT + "\"}\n{\"type\":\"event\"}\n{\"message\":\"with a dump\"}\n"
                + "{\"type\":\"attachment\",\"length\":100000,\"filename\":\"dump.bin\"}\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[100_000]);
        b.writeBytes(("\n{\"type\":\"check_in\"}\n{\"check_in_id\":\"c1\",\"monitor_slug\":\"nightly\",\"status\":\"ok\"}\n"
                + "{\"type\":\"session\"}\n{\"sid\":\"s1\",\"status\":\"exited\",\"errors\":0,\"started\":\"2026-11-30T10:15:00Z\","
                + "\"attrs\":{\"release\":\"app@1.0\"}}\n"
                + "{\"type\":\"client_report\"}\n{\"timestamp\":" + nowSeconds + ",\"discarded_events\":["
                + "{\"reason\":\"queue_overflow\",\"category\":\"error\",\"quantity\":4}]}\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void sentryItemsArePurgedWithTheirFamilies(String kind) throws Exception {
        try (TestServer s = RetentionTest.start(kind, dir)) {
            assertThat(s.post("/api/1/envelope/", envelope(System.currentTimeMillis() / 1000),
                    Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY))).statusCode()).isEqualTo(200);
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/retention"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"attachments\":7,\"checkins\":30}")).build())
                    .statusCode()).isEqualTo(200);
            JsonNode days = Json.MAPPER.readTree(s.get("/api/projects/default/retention").body());
            assertThat(days.get("sessions").asInt()).isEqualTo(DataFamily.DEFAULT_DAYS);
            assertThat(days.get("client_reports").asInt()).isEqualTo(DataFamily.DEFAULT_DAYS);

            Map<DataFamily, Long> week = rows(at(s, Duration.ofDays(8)).run(true));
            assertThat(week).containsEntry(DataFamily.ATTACHMENTS, 1L).containsEntry(DataFamily.CHECK_INS, 0L)
                    .containsEntry(DataFamily.SESSIONS, 0L).containsEntry(DataFamily.CLIENT_REPORTS, 0L);
            assertThat(rows(at(s, Duration.ofDays(8)).run(false))).isEqualTo(week);
            assertThat(Json.MAPPER.readTree(s.get("/api/projects/default/events/" + EVENT + "/attachments").body())
                    .get("items")).isEmpty();
            assertThat(Json.MAPPER.readTree(s.get("/api/projects/default/monitors/nightly/checkins").body())
                    .get("items")).hasSize(1);

            Map<DataFamily, Long> later = rows(at(s, Duration.ofDays(92)).run(false));
            assertThat(later).containsEntry(DataFamily.CHECK_INS, 1L).containsEntry(DataFamily.SESSIONS, 1L)
                    .containsEntry(DataFamily.CLIENT_REPORTS, 1L).containsEntry(DataFamily.ERROR_EVENTS, 0L);
            assertThat(Json.MAPPER.readTree(s.get("/api/projects/default/monitors/nightly/checkins").body())
                    .get("items")).isEmpty();
            assertThat(Json.MAPPER.readTree(s.get("/api/projects/default/client-reports").body()).get("items")).isEmpty();
            assertThat(RetentionTest.count(s, "session_states")).isZero();
            // The monitor and the release's hourly counts are aggregates: they stay.
            assertThat(Json.MAPPER.readTree(s.get("/api/projects/default/monitors").body()).get("items")).hasSize(1);
            assertThat(RetentionTest.count(s, "release_health")).isEqualTo(1);
            String metrics = s.get("/metrics", Optional.empty()).body();
            for (String f : new String[] {"checkins", "attachments", "sessions", "client_reports"}) {
                assertThat(metrics).contains("sluice_retention_bytes{family=\"" + f + "\"}");
            }
        }
    }
}
