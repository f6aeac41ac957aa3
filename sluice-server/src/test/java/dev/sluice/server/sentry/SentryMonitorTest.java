package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.digest.Alerting;
import dev.sluice.digest.MonitorSweep;
import dev.sluice.protocol.Ids;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.alerts.AlertConfig;
import dev.sluice.server.alerts.MonitorSweeper;
import dev.sluice.server.alerts.Receiver;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.testing.FakeClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentry {@code check_in} items end to end on a server whose clock the test moves: monitors and their schedule
 * from {@code monitor_config}, runs opened and closed by check-in id, missed and timed-out runs found by the
 * sweeper, failed runs alerting from the commit, and every alert delivered to a real webhook receiver.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryMonitorTest {

    @TempDir
    Path dir;

    static final AlertConfig QUIET = AlertConfig.defaults().withTimings(Duration.ofMillis(50), Duration.ofHours(1),
            Duration.ofMillis(100), Duration.ofSeconds(1), 3);

    static HttpResponse<String> checkIn(TestServer s, String json) {
        String body = "{}\n{\"type\":\"check_in\"}\n" + json + "\n";
        return s.post("/api/1/envelope/", body.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY)));
    }

    static JsonNode get(TestServer s, String path) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode alert(Receiver receiver) throws Exception {
        return Json.MAPPER.readTree(receiver.next(10).body());
    }

    @Test
    void runsMissedTimedOutAndFailedAlert(StoreKind kind) throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T10:00:20Z"));
        try (Receiver receiver = Receiver.start(0, List.of()); TestServer s = kind.start(dir, QUIET, clock)) {
            String hook = "[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/h") + "\"}]";
            assertThat(admin(s, "{\"kind\":\"cron_monitor\",\"cooldownSeconds\":0,\"channels\":" + hook + "}"))
                    .isEqualTo(201);
            assertThat(admin(s, "{\"kind\":\"cron_monitor\",\"taskName\":\"other-job\",\"channels\":" + hook + "}"))
                    .isEqualTo(201);
            MonitorSweeper sweeper = MonitorSweeper.create(s.server().store(), clock, Alerting.create(Ids.create(clock)));

            // A run opened with the monitor's schedule, closed 13 s later by the same check-in id.
            assertThat(checkIn(s, "{\"check_in_id\":\"aaaa\",\"monitor_slug\":\"nightly\",\"status\":\"in_progress\","
                    + "\"environment\":\"production\",\"monitor_config\":{\"schedule\":{\"type\":\"crontab\","
                    + "\"value\":\"0 * * * *\"},\"checkin_margin\":5,\"max_runtime\":10,\"timezone\":\"Europe/Berlin\"}}")
                    .statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(13));
            assertThat(checkIn(s, "{\"check_in_id\":\"aaaa\",\"monitor_slug\":\"nightly\",\"status\":\"ok\","
                    + "\"duration\":12.5}").statusCode()).isEqualTo(200);
            JsonNode monitor = get(s, "/api/projects/default/monitors").get("items").get(0);
            assertThat(monitor.get("slug").asText()).isEqualTo("nightly");
            assertThat(monitor.at("/schedule/value").asText()).isEqualTo("0 * * * *");
            assertThat(monitor.get("timezone").asText()).isEqualTo("Europe/Berlin");
            assertThat(monitor.get("lastStatus").asText()).isEqualTo("ok");
            assertThat(monitor.get("nextExpectedAt").asText()).isEqualTo("2026-11-30T11:00:00Z");
            JsonNode runs = get(s, "/api/projects/default/monitors/nightly/checkins").get("items");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).get("status").asText()).isEqualTo("ok");
            assertThat(runs.get(0).get("durationMs").asDouble()).isEqualTo(12_500.0);
            assertThat(runs.get(0).get("checkInId").asText()).isEqualTo("aaaa");
            assertThat(runs.get(0).get("environment").asText()).isEqualTo("production");

            // 11:00 passes; within the 5-minute margin nothing is missed, after it one run is.
            clock.set(Instant.parse("2026-11-30T11:04:00Z"));
            assertThat(sweeper.runOnce()).isEqualTo(new MonitorSweep.Result(0, 0, 0));
            clock.set(Instant.parse("2026-11-30T11:05:30Z"));
            assertThat(sweeper.runOnce()).isEqualTo(new MonitorSweep.Result(1, 0, 1));
            assertThat(sweeper.runOnce()).as("nothing twice").isEqualTo(new MonitorSweep.Result(0, 0, 0));
            JsonNode missed = alert(receiver);
            assertThat(missed.get("reason").asText()).isEqualTo("missed");
            assertThat(missed.get("monitorSlug").asText()).isEqualTo("nightly");
            assertThat(missed.get("runAt").asText()).isEqualTo("2026-11-30T11:00:00Z");
            monitor = get(s, "/api/projects/default/monitors").get("items").get(0);
            assertThat(monitor.get("lastStatus").asText()).isEqualTo("missed");
            assertThat(monitor.get("nextExpectedAt").asText()).isEqualTo("2026-11-30T12:00:00Z");

            // A run that outlives max_runtime times out; its late end keeps the status and records the end.
            clock.set(Instant.parse("2026-11-30T12:00:10Z"));
            assertThat(checkIn(s, "{\"check_in_id\":\"bbbb\",\"monitor_slug\":\"nightly\",\"status\":\"in_progress\"}")
                    .statusCode()).isEqualTo(200);
            clock.set(Instant.parse("2026-11-30T12:10:09Z"));
            assertThat(sweeper.runOnce().timedOut()).isZero();
            clock.set(Instant.parse("2026-11-30T12:10:11Z"));
            assertThat(sweeper.runOnce()).isEqualTo(new MonitorSweep.Result(0, 1, 1));
            assertThat(alert(receiver).get("reason").asText()).isEqualTo("timeout");
            clock.set(Instant.parse("2026-11-30T12:11:00Z"));
            assertThat(checkIn(s, "{\"check_in_id\":\"bbbb\",\"monitor_slug\":\"nightly\",\"status\":\"ok\"}")
                    .statusCode()).isEqualTo(200);

            // A failed run alerts from the commit itself.
            clock.set(Instant.parse("2026-11-30T13:00:05Z"));
            assertThat(checkIn(s, "{\"monitor_slug\":\"nightly\",\"status\":\"error\",\"duration\":3}").statusCode())
                    .isEqualTo(200);
            JsonNode failed = alert(receiver);
            assertThat(failed.get("reason").asText()).isEqualTo("failed");
            assertThat(failed.get("runAt").asText()).isEqualTo("2026-11-30T13:00:02Z");
            assertThat(receiver.poll(300)).as("the other-job rule never fires").isEmpty();

            runs = get(s, "/api/projects/default/monitors/nightly/checkins").get("items");
            assertThat(runs.findValuesAsText("status")).containsExactly("error", "timeout", "missed", "ok");
            assertThat(runs.get(1).get("finishedAt").asText()).isEqualTo("2026-11-30T12:11:00Z");
            assertThat(runs.get(1).get("durationMs").asDouble()).isEqualTo(650_000.0);
            assertThat(get(s, "/api/projects/default/monitors").get("items").get(0).get("nextExpectedAt").asText())
                    .isEqualTo("2026-11-30T14:00:00Z");
        }
    }

    @Test
    void intervalsBadCheckInsAndUnknownMonitors(StoreKind kind) throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T10:00:00Z"));
        try (TestServer s = kind.start(dir, QUIET, clock)) {
            assertThat(checkIn(s, "{\"monitor_slug\":\"every-5\",\"status\":\"ok\",\"monitor_config\":{\"schedule\":"
                    + "{\"type\":\"interval\",\"value\":5,\"unit\":\"minute\"}}}").statusCode()).isEqualTo(200);
            JsonNode monitor = get(s, "/api/projects/default/monitors").get("items").get(0);
            assertThat(monitor.at("/schedule/value").asText()).isEqualTo("5 minute");
            assertThat(monitor.get("checkinMarginMinutes").asLong()).isEqualTo(1);
            assertThat(monitor.get("maxRuntimeMinutes").asLong()).isEqualTo(30);
            assertThat(monitor.get("nextExpectedAt").asText()).isEqualTo("2026-11-30T10:05:00Z");

            for (String bad : List.of(
                    "{\"monitor_slug\":\"x\",\"status\":\"ok\",\"monitor_config\":{\"schedule\":{\"type\":\"crontab\","
                            + "\"value\":\"61 * * * *\"}}}",
                    "{\"monitor_slug\":\"x\",\"status\":\"ok\",\"monitor_config\":{\"schedule\":{\"type\":\"interval\","
                            + "\"value\":0,\"unit\":\"hour\"}}}",
                    "{\"monitor_slug\":\"x\",\"status\":\"ok\",\"monitor_config\":{\"schedule\":{\"type\":\"crontab\","
                            + "\"value\":\"@daily\"},\"timezone\":\"Mars/Olympus\"}}",
                    "{\"monitor_slug\":\"x\",\"status\":\"finished\"}",
                    "{\"monitor_slug\":\"a b\",\"status\":\"ok\"}",
                    "{\"monitor_slug\":\"x\",\"status\":\"ok\",\"duration\":-1}",
                    "[1]")) {
                HttpResponse<String> r = checkIn(s, bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(r.headers().firstValue("X-Sentry-Error").orElse("")).as(bad).isNotEmpty();
                assertThat(Json.MAPPER.readTree(r.body()).get("detail").asText()).as(bad).isNotEmpty();
            }
            assertThat(get(s, "/api/projects/default/monitors").get("items")).hasSize(1);
            assertThat(s.get("/api/projects/default/monitors/nope/checkins").statusCode()).isEqualTo(404);
            assertThat(s.get("/api/projects/default/monitors", java.util.Optional.empty()).statusCode()).isEqualTo(401);
        }
    }

    static int admin(TestServer s, String json) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/alert-rules"))
                .header("Authorization", "Bearer " + s.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()).statusCode();
    }
}
