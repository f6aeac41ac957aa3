package dev.sluice.server.retention;

import static dev.sluice.server.retention.RetentionTest.at;
import static dev.sluice.server.retention.RetentionTest.count;
import static dev.sluice.server.retention.RetentionTest.rows;
import static dev.sluice.server.retention.RetentionTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.RetentionQueries;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import dev.sluice.store.DataFamily;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resend keys ({@code dedupe_keys}) go by age on both stores: after the longest retention of the families they
 * guard (at least 30 days); a resend inside that window is still a duplicate after a purge, one after it is
 * stored again.
 */
class DedupeRetentionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    static java.util.stream.Stream<String> stores() {
        return RetentionTest.stores();
    }

    private static ProjectId project(TestServer s) {
        return s.server().store().findProject("default").orElseThrow().id();
    }

    private static void claim(TestServer s, String prefix, int n, long createdAt) {
        List<String> keys = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> keys.add(prefix + i));
        ProjectId p = project(s);
        s.server().store().write(tx -> tx.claimDedupeKeys(p, keys, createdAt));
    }

    private static long keys(TestServer s, String prefix) {
        return s.server().store().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dedupe_keys WHERE dedupe_key LIKE ?")) {
                ps.setString(1, prefix + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void setDays(TestServer s, int days) {
        ProjectId p = project(s);
        s.server().store().write(tx -> {
            for (DataFamily f : DataFamily.values()) {
                if (f.settable()) {
                    tx.retention().setDays(p, f, days);
                }
            }
            return null;
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void keysOlderThanTheWindowGoNewerStay(String kind) {
        try (TestServer s = start(kind, dir)) {
            long now = System.currentTimeMillis();
            // Several purge batches' worth, inserted oldest first as ingest would.
            claim(s, "old:", 2_500, now - 100 * DAY);
            claim(s, "mid:", 1_200, now - 60 * DAY);
            claim(s, "new:", 300, now - DAY);

            // Defaults: every family 90 days, so keys live 90 days.
            assertThat(rows(at(s, Duration.ZERO).run(true))).containsEntry(DataFamily.DEDUPE_KEYS, 2_500L);
            List<RetentionRunner.Result> run = at(s, Duration.ZERO).run(false);
            assertThat(rows(run)).containsEntry(DataFamily.DEDUPE_KEYS, 2_500L);
            assertThat(run.stream().filter(r -> r.family() == DataFamily.DEDUPE_KEYS).findFirst().orElseThrow().days())
                    .isEqualTo(90);
            assertThat(keys(s, "old:")).isZero();
            assertThat(keys(s, "mid:")).isEqualTo(1_200);
            assertThat(keys(s, "new:")).isEqualTo(300);
            assertThat(RetentionQueries.create(s.server().store()).oldest(DataFamily.DEDUPE_KEYS).orElseThrow())
                    .isEqualTo(now - 60 * DAY);

            // Every family down to 10 days: the floor keeps keys 30 days.
            setDays(s, 10);
            assertThat(rows(at(s, Duration.ZERO).run(false))).containsEntry(DataFamily.DEDUPE_KEYS, 1_200L);
            assertThat(keys(s, "mid:")).isZero();
            assertThat(keys(s, "new:")).isEqualTo(300);

            // The longest family decides: logs kept a year keep the keys a year.
            ProjectId p = project(s);
            s.server().store().write(tx -> {
                tx.retention().setDays(p, DataFamily.LOGS, 365);
                return null;
            });
            assertThat(rows(at(s, Duration.ofDays(300)).run(false))).containsEntry(DataFamily.DEDUPE_KEYS, 0L);
            assertThat(keys(s, "new:")).isEqualTo(300);
            assertThat(rows(at(s, Duration.ofDays(366)).run(false))).containsEntry(DataFamily.DEDUPE_KEYS, 300L);
            assertThat(count(s, "dedupe_keys")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void oneRunKeepsEachProjectsOwnWindow(String kind) {
        try (TestServer s = start(kind, dir)) {
            long now = System.currentTimeMillis();
            ProjectId shortLived = project(s);
            ProjectId longLived = s.server().store().createProject("long", now).id();
            s.server().store().write(tx -> {
                tx.retention().setDays(longLived, DataFamily.ERROR_EVENTS, 200);
                return null;
            });
            // Interleaved in insertion order, as two projects' ingest would be.
            for (int day : new int[] {150, 100, 60, 1}) {
                for (ProjectId p : List.of(shortLived, longLived)) {
                    List<String> keys = new ArrayList<>();
                    IntStream.range(0, 700).forEach(i -> keys.add(day + ":" + i));
                    s.server().store().write(tx -> tx.claimDedupeKeys(p, keys, now - day * DAY));
                }
            }
            List<RetentionRunner.Result> run = at(s, Duration.ZERO).run(false);
            assertThat(run.stream().filter(r -> r.family() == DataFamily.DEDUPE_KEYS)
                    .collect(java.util.stream.Collectors.toMap(RetentionRunner.Result::project,
                            RetentionRunner.Result::rows))).containsEntry("default", 1_400L).containsEntry("long", 0L);
            assertThat(projectKeys(s, shortLived)).isEqualTo(1_400); // 60 and 1 days old
            assertThat(projectKeys(s, longLived)).isEqualTo(2_800);
            assertThat(rows(at(s, Duration.ofDays(60)).run(false))).containsEntry(DataFamily.DEDUPE_KEYS, 700L);
            assertThat(projectKeys(s, longLived)).isEqualTo(2_100); // 150 days + 60 > 200
        }
    }

    private static long projectKeys(TestServer s, ProjectId p) {
        return s.server().store().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dedupe_keys WHERE project_id = ?")) {
                ps.setString(1, p.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void resendInsideTheWindowIsADuplicateAfterItIsStoredAgain(String kind) throws Exception {
        try (TestServer s = start(kind, dir)) {
            String event = "{\"type\":\"error\",\"eventId\":\"ev-resend\",\"exception\":{\"type\":\"E\",\"value\":\"a\"}}";
            s.ingest(event);
            assertThat(count(s, "error_events")).isEqualTo(1);

            at(s, Duration.ofDays(89)).run(false);
            s.ingest(event);
            assertThat(count(s, "error_events")).as("resend inside the window").isEqualTo(1);

            // Past the window (and the event's own 90 days: it stays as its issue's sample) the key is gone, and
            // the resend counts as a new event — the documented price of a bounded table.
            assertThat(rows(at(s, Duration.ofDays(91)).run(false))).containsEntry(DataFamily.DEDUPE_KEYS, 1L);
            s.ingest(event);
            assertThat(count(s, "error_events")).as("resend after the window").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theApiShowsTheKeysWindowButDoesNotSetIt(String kind) throws Exception {
        try (TestServer s = start(kind, dir)) {
            setDays(s, 10);
            JsonNode days = Json.MAPPER.readTree(s.get("/api/projects/default/retention").body());
            assertThat(days.get("dedupe_keys").asInt()).isEqualTo(DataFamily.DEDUPE_FLOOR_DAYS);
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/retention"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"dedupe_keys\":3}")).build()).statusCode())
                    .isEqualTo(400);
        }
    }
}
