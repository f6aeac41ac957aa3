package dev.sluice.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import dev.sluice.store.DataFamily;
import dev.sluice.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Retention on both stores: per-family days, samples kept per issue, aggregates intact, dry run, space. */
class RetentionTest {

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    /** A server on a fresh store of {@code kind} ("sqlite" or "postgresql"). */
    static TestServer start(String kind, Path dir) {
        ServerConfig config = ServerConfig.defaults(dir);
        if (kind.equals("postgresql")) {
            config = config.withDb(TestDatabases.asDbUrl(TestDatabases.postgres()));
        }
        return TestServer.start(config);
    }

    static RetentionRunner at(TestServer s, Duration ahead) {
        return RetentionRunner.create(s.server().store(), Clock.fixed(Instant.now().plus(ahead), ZoneOffset.UTC),
                Duration.ZERO);
    }

    static Map<DataFamily, Long> rows(List<RetentionRunner.Result> results) {
        return results.stream().filter(r -> r.project().equals("default"))
                .collect(Collectors.toMap(RetentionRunner.Result::family, RetentionRunner.Result::rows));
    }

    static long count(TestServer s, String table) {
        return s.server().store().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void purgesPastRetentionKeepingIssuesCountsAndASample(String kind) throws Exception {
        try (TestServer s = start(kind, dir)) {
            for (int i = 0; i < 8; i++) {
                s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"a\"}}");
            }
            s.ingest("[{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"b\"}},"
                    + "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"b\"}}]");
            for (int i = 0; i < 3; i++) {
                s.ingest("{\"type\":\"transaction\",\"name\":\"GET /\",\"traceId\":\"t" + i + "\",\"durationMs\":1,"
                        + "\"spans\":[{\"spanId\":\"s\",\"op\":\"db\",\"durationMs\":1}]}");
            }
            s.ingest("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"x\",\"inputTokens\":1}");
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/retention"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"errors\":30,\"transactions\":30}")).build())
                    .statusCode()).isEqualTo(200);
            JsonNode days = Json.MAPPER.readTree(s.get("/api/projects/default/retention").body());
            assertThat(days.get("errors").asInt()).isEqualTo(30);
            assertThat(days.get("ai").asInt()).isEqualTo(DataFamily.DEFAULT_DAYS);
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/retention"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"logz\":3}")).build()).statusCode()).isEqualTo(400);

            assertThat(rows(at(s, Duration.ofDays(29)).run(true)).values()).containsOnly(0L);
            Map<DataFamily, Long> dry = rows(at(s, Duration.ofDays(31)).run(true));
            assertThat(dry).containsEntry(DataFamily.ERROR_EVENTS, 3L).containsEntry(DataFamily.TRANSACTIONS, 3L)
                    .containsEntry(DataFamily.AI_GENERATIONS, 0L);
            assertThat(count(s, "error_events")).isEqualTo(10);

            Map<DataFamily, Long> done = rows(at(s, Duration.ofDays(31)).run(false));
            assertThat(done).isEqualTo(dry);
            assertThat(count(s, "error_events")).isEqualTo(7);
            assertThat(count(s, "transactions")).isZero();
            assertThat(count(s, "spans")).isZero();
            assertThat(count(s, "ai_generations")).isEqualTo(1);
            // Issues and their counts outlive the events; each keeps a sample of its occurrences.
            JsonNode issues = Json.MAPPER.readTree(s.get("/api/projects/default/issues").body()).get("items");
            assertThat(issues.findValuesAsText("count")).containsExactlyInAnyOrder("8", "2");
            for (JsonNode i : issues) {
                int kept = Json.MAPPER.readTree(s.get("/api/projects/default/issues/" + i.get("id").asText()
                        + "/events").body()).get("items").size();
                assertThat(kept).isEqualTo(i.get("count").asInt() == 8 ? 5 : 2);
            }
            assertThat(rows(at(s, Duration.ofDays(31)).run(false)).values()).containsOnly(0L);
            assertThat(rows(at(s, Duration.ofDays(91)).run(false))).containsEntry(DataFamily.AI_GENERATIONS, 1L);
            assertThat(s.get("/metrics", Optional.empty()).body()).contains("sluice_retention_bytes{family=\"errors\"}")
                    .contains("sluice_retention_oldest_seconds");
            if (kind.equals("sqlite")) {
                long mode = s.server().store().read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("PRAGMA auto_vacuum"); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                assertThat(mode).as("incremental auto-vacuum on a new store").isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void cliDryRunPrintsWhatWouldGo(String kind) throws Exception {
        if (kind.equals("postgresql")) {
            return; // the CLI path is the same code; one store is enough here
        }
        try (TestServer s = TestServer.sqlite(dir)) {
            s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"a\"}}");
        }
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(dev.sluice.server.cli.SluiceCommand.run(new String[] {"retention", "run", "--dry-run",
                    "--data", dir.toString()})).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("WOULD DELETE").contains("errors")
                .contains("analytics");
    }
}
