package dev.sluice.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.RetentionQueries;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.store.DataFamily;
import dev.sluice.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Retention by size (oldest rows first, no spiral on later runs) and logs joining retention, on both stores. */
class RetentionSizeTest {

    @TempDir
    Path dir;

    static java.util.stream.Stream<String> stores() {
        return RetentionTest.stores();
    }

    private TestServer start(String kind) {
        ServerConfig config = ServerConfig.defaults(dir);
        if (kind.equals("postgresql")) {
            config = config.withDb(TestDatabases.asDbUrl(TestDatabases.postgres()));
        }
        return TestServer.start(config);
    }

    private static HttpResponse<String> put(TestServer s, String body) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/retention"))
                .header("Authorization", "Bearer " + s.adminToken())
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static List<String> names(TestServer s) {
        return s.server().store().read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM transactions ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSizeCapDropsTheOldestRowsAndHoldsOnTheNextRun(String kind) throws Exception {
        try (TestServer s = start(kind)) {
            for (int batch = 0; batch < 4; batch++) {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    b.append(i == 0 ? "" : ",").append("{\"type\":\"transaction\",\"name\":\"b").append(batch)
                            .append("\",\"traceId\":\"t").append(batch).append('-').append(i)
                            .append("\",\"durationMs\":1,\"spans\":[{\"spanId\":\"s\",\"op\":\"db\",\"durationMs\":1,")
                            .append("\"description\":\"").append("x".repeat(400)).append("\"}]}");
                }
                assertThat(s.ingest(b.append(']').toString()).statusCode()).isEqualTo(202);
                Thread.sleep(5); // batches arrive in different milliseconds: the size cutoff is per millisecond
            }
            RetentionQueries q = RetentionQueries.create(s.server().store());
            ProjectId project = s.server().store().listProjects().stream().filter(p -> p.name().equals("default"))
                    .findFirst().orElseThrow().id();
            double perRow = q.rowBytes(project, DataFamily.TRANSACTIONS).orElseThrow();
            assertThat(perRow).isPositive();
            double gb = perRow * 20.5 / (1L << 30);
            HttpResponse<String> res = put(s, "{\"maxGb\":{\"transactions\":" + gb + "}}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode got = Json.MAPPER.readTree(res.body());
            assertThat(got.at("/maxGb/transactions").asDouble()).isCloseTo(gb, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(got.get("transactions").asInt()).as("days stay the default").isEqualTo(DataFamily.DEFAULT_DAYS);
            assertThat(got.at("/maxGb/errors").isNull()).isTrue();

            Map<DataFamily, Long> dry = RetentionTest.rows(RetentionTest.at(s, Duration.ZERO).run(true));
            assertThat(dry.get(DataFamily.TRANSACTIONS)).isEqualTo(20L);
            assertThat(names(s)).hasSize(40);
            List<RetentionRunner.Result> done = RetentionTest.at(s, Duration.ZERO).run(false);
            RetentionRunner.Result tx = done.stream().filter(r -> r.family() == DataFamily.TRANSACTIONS).findFirst()
                    .orElseThrow();
            assertThat(tx.bySize()).isTrue();
            assertThat(tx.rows()).isEqualTo(20);
            assertThat(tx.estimatedBytes()).isGreaterThan(tx.maxBytes());
            assertThat(names(s)).hasSize(20).containsOnly("b2", "b3");
            // The next run measures again and finds the family under its cap: nothing more goes.
            assertThat(RetentionTest.rows(RetentionTest.at(s, Duration.ZERO).run(false))).containsEntry(
                    DataFamily.TRANSACTIONS, 0L);
            assertThat(names(s)).hasSize(20);

            assertThat(put(s, "{\"maxGb\":{\"transactions\":null}}").statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(s.get("/api/projects/default/retention").body())
                    .at("/maxGb/transactions").isNull()).isTrue();
            assertThat(put(s, "{\"maxGb\":{\"transactions\":-1}}").statusCode()).isEqualTo(400);
            assertThat(put(s, "{\"maxGb\":{\"tx\":1}}").statusCode()).isEqualTo(400);
            assertThat(put(s, "{\"maxGb\":3}").statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void logsJoinRetention(String kind) throws Exception {
        try (TestServer s = start(kind)) {
            long now = System.currentTimeMillis();
            String logs = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + now + "000000\","
                    + "\"severityNumber\":9,\"body\":{\"stringValue\":\"one\"}},{\"timeUnixNano\":\"" + now + "000000\","
                    + "\"severityNumber\":9,\"body\":{\"stringValue\":\"two\"}}]}]}]}";
            assertThat(s.post("/v1/logs", logs.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type",
                    "application/json", "X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY))).statusCode()).isEqualTo(200);
            assertThat(put(s, "{\"logs\":7}").statusCode()).isEqualTo(200);
            assertThat(RetentionTest.rows(RetentionTest.at(s, Duration.ofDays(6)).run(true)))
                    .containsEntry(DataFamily.LOGS, 0L);
            assertThat(RetentionTest.rows(RetentionTest.at(s, Duration.ofDays(8)).run(false)))
                    .containsEntry(DataFamily.LOGS, 2L);
            assertThat(RetentionTest.count(s, "log_records")).isZero();
            assertThat(s.get("/metrics", java.util.Optional.empty()).body())
                    .contains("sluice_retention_bytes{family=\"logs\"}");
        }
    }
}
