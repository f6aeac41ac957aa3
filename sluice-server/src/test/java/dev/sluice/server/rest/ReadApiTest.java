package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ingest, then read back through the REST API, on SQLite and on PostgreSQL. */
class ReadApiTest {

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    TestServer start(String kind) {
        return kind.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static JsonNode json(String body) throws IOException {
        return Json.MAPPER.readTree(body);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void issuesGroupAndPageWithCursors(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            for (int i = 0; i < 7; i++) {
                assertThat(s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v" + i + "\"},"
                        + "\"release\":\"1.0\",\"environment\":\"prod\",\"breadcrumbs\":[{\"message\":\"b\"}],"
                        + "\"user\":{\"id\":\"u1\"},\"tags\":{\"t\":\"x\"}}").statusCode()).isEqualTo(202);
            }
            assertThat(s.ingest("[{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v0\"}},"
                    + "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v0\"}}]").statusCode()).isEqualTo(202);
            Set<String> titles = new HashSet<>();
            Optional<String> cursor = Optional.empty();
            int pages = 0;
            do {
                JsonNode page = json(s.get("/api/projects/default/issues?limit=3"
                        + cursor.map(c -> "&cursor=" + c).orElse("")).body());
                page.get("items").forEach(i -> titles.add(i.get("title").asText()));
                cursor = page.get("nextCursor").isNull() ? Optional.empty() : Optional.of(page.get("nextCursor").asText());
                pages++;
            } while (cursor.isPresent());
            assertThat(pages).isEqualTo(3);
            assertThat(titles).hasSize(7).contains("E: v0", "E: v6");

            JsonNode top = json(s.get("/api/projects/default/issues?limit=1").body()).get("items").get(0);
            assertThat(top.get("title").asText()).isEqualTo("E: v0");
            assertThat(top.get("count").asLong()).isEqualTo(3);
            JsonNode detail = json(s.get("/api/projects/default/issues/" + top.get("id").asText()).body());
            assertThat(detail.get("recentEvents").get("items")).hasSize(3);
            JsonNode oldest = detail.get("recentEvents").get("items").get(2);
            assertThat(oldest.get("breadcrumbs").get(0).get("message").asText()).isEqualTo("b");
            assertThat(oldest.get("user").get("id").asText()).isEqualTo("u1");
            assertThat(oldest.get("release").asText()).isEqualTo("1.0");
            // The newest occurrences carried no release: the issue keeps the last one it saw.
            assertThat(detail.get("lastRelease").asText()).isEqualTo("1.0");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void transactionsAndAiUsage(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            s.ingest("[{\"type\":\"transaction\",\"name\":\"GET /a\",\"traceId\":\"t1\",\"durationMs\":12,"
                    + "\"spans\":[{\"spanId\":\"s1\",\"op\":\"db\",\"durationMs\":3,\"parentSpanId\":\"root\"},"
                    + "{\"spanId\":\"s2\",\"op\":\"http\",\"description\":\"GET x\",\"durationMs\":4}]},"
                    + "{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                    + "\"inputTokens\":1000000,\"outputTokens\":1000000,\"latencyMs\":300},"
                    + "{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                    + "\"inputTokens\":10,\"totalCostUsd\":1.25,\"latencyMs\":100},"
                    + "{\"type\":\"ai_generation\",\"provider\":\"acme\",\"model\":\"x1\",\"inputTokens\":5}]");
            JsonNode tx = json(s.get("/api/projects/default/transactions?name=GET%20/a").body()).get("items").get(0);
            assertThat(tx.get("durationMs").asDouble()).isEqualTo(12);
            assertThat(tx.get("spans")).hasSize(2);
            assertThat(tx.get("spans").get(1).get("description").asText()).isEqualTo("GET x");
            JsonNode usage = json(s.get("/api/projects/default/ai/usage").body()).get("items");
            assertThat(usage).hasSize(2);
            JsonNode acme = usage.get(0);
            assertThat(acme.get("provider").asText()).isEqualTo("acme");
            assertThat(acme.get("unpricedGenerations").asLong()).isEqualTo(1);
            assertThat(acme.has("avgLatencyMs")).as("unknown latency is left out, not 0").isFalse();
            JsonNode openai = usage.get(1);
            assertThat(openai.get("generations").asLong()).isEqualTo(2);
            assertThat(openai.get("inputTokens").asLong()).isEqualTo(1_000_010);
            assertThat(openai.get("costUsd").asDouble()).isCloseTo(0.75 + 1.25, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(openai.get("avgLatencyMs").asDouble()).isEqualTo(200);
            JsonNode empty = json(s.get("/api/projects/default/ai/usage?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")
                    .body()).get("items");
            assertThat(empty).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void retriesAreStoredOnce(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            String body = "[{\"type\":\"error\",\"exception\":{\"value\":\"a\"}},{\"type\":\"error\",\"exception\":{\"value\":\"a\"}}]";
            Map<String, String> headers = Map.of("X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY), "Idempotency-Key", "req-1");
            for (int i = 0; i < 3; i++) {
                assertThat(s.post("/v1/ingest", body.getBytes(StandardCharsets.UTF_8), headers).statusCode()).isEqualTo(202);
            }
            String withId = "{\"type\":\"error\",\"eventId\":\"ev-1\",\"exception\":{\"value\":\"a\"}}";
            s.ingest(withId);
            s.ingest(withId);
            String tx = "{\"type\":\"transaction\",\"name\":\"n\",\"traceId\":\"t\",\"durationMs\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}";
            s.ingest(tx);
            s.ingest(tx);
            JsonNode issue = json(s.get("/api/projects/default/issues").body()).get("items").get(0);
            assertThat(issue.get("count").asLong()).isEqualTo(3);
            // U+0000 is valid JSON; PostgreSQL text refuses it, so it is stored as U+FFFD instead of failing.
            assertThat(s.ingest("{\"type\":\"error\",\"exception\":{\"value\":\"nul\\u0000here\"}}").statusCode())
                    .isEqualTo(202);
            assertThat(s.get("/api/projects/default/issues").body()).contains("nul\uFFFDhere");
            assertThat(json(s.get("/api/projects/default/transactions").body()).get("items")).hasSize(1);
            assertThat(s.get("/metrics", Optional.empty()).body()).contains("outcome=\"duplicate\"");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readApiRefusesWithoutTheAdminTokenAndChecksParameters(String kind) {
        try (TestServer s = start(kind)) {
            assertThat(s.get("/api/projects/default/issues", Optional.empty()).statusCode()).isEqualTo(401);
            assertThat(s.get("/api/projects/default/issues", Optional.of(s.key(KeyKind.OPENSENTRY))).statusCode()).isEqualTo(401);
            assertThat(s.get("/api/projects/nope/issues").statusCode()).isEqualTo(404);
            assertThat(s.get("/api/projects/default/issues?cursor=%25%25").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/issues?limit=abc").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/ai/usage?from=yesterday").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/issues/none").statusCode()).isEqualTo(404);
        }
    }

    static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }
}
