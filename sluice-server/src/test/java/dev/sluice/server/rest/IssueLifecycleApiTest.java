package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue status, regressions, ignores, merges and list filters through the REST API, on both stores. */
class IssueLifecycleApiTest {

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    TestServer start(String kind) {
        return kind.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static String error(String value, String release, String extra) {
        return "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"" + value + "\"}"
                + (release.isEmpty() ? "" : ",\"release\":\"" + release + "\"") + extra + "}";
    }

    static HttpResponse<String> send(TestServer s, String method, String path, String body) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + s.adminToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static JsonNode json(HttpResponse<String> res) throws IOException {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.MAPPER.readTree(res.body());
    }

    static JsonNode issueByTitle(TestServer s, String title) throws IOException {
        for (JsonNode i : json(s.get("/api/projects/default/issues?limit=200")).get("items")) {
            if (i.get("title").asText().equals(title)) {
                return i;
            }
        }
        throw new AssertionError("no issue " + title);
    }

    static JsonNode patch(TestServer s, String id, String body) throws IOException {
        return json(send(s, "PATCH", "/api/projects/default/issues/" + id, body));
    }

    static List<String> titles(TestServer s, String query) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        json(s.get("/api/projects/default/issues?" + query)).get("items").forEach(i -> out.add(i.get("title").asText()));
        return out;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void resolvedIssuesRegressOnRecurrence(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            s.ingest(error("a", "1.0", ""));
            String id = issueByTitle(s, "E: a").get("id").asText();
            assertThat(patch(s, id, "{\"status\":\"resolved\"}").get("status").asText()).isEqualTo("resolved");
            assertThat(titles(s, "status=resolved")).containsExactly("E: a");
            assertThat(titles(s, "status=unresolved")).isEmpty();
            s.ingest(error("a", "1.0", ""));
            JsonNode regressed = issueByTitle(s, "E: a");
            assertThat(regressed.get("status").asText()).isEqualTo("unresolved");
            assertThat(regressed.get("substatus").asText()).isEqualTo("regressed");
            assertThat(regressed.get("isRegression").asBoolean()).isTrue();
            assertThat(regressed.get("timesRegressed").asInt()).isEqualTo(1);
            assertThat(regressed.get("count").asLong()).isEqualTo(2);
            assertThat(titles(s, "status=regressed")).containsExactly("E: a");
            // Unresolving by hand clears the mark; a further event changes nothing.
            assertThat(patch(s, id, "{\"status\":\"unresolved\"}").get("substatus").isNull()).isTrue();
            s.ingest(error("a", "1.0", ""));
            assertThat(issueByTitle(s, "E: a").get("timesRegressed").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void resolvedInNextReleaseRegressesOnlyInAnotherRelease(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            s.ingest(error("b", "1.0", ""));
            String id = issueByTitle(s, "E: b").get("id").asText();
            JsonNode resolved = patch(s, id, "{\"status\":\"resolved\",\"statusDetails\":{\"inNextRelease\":true}}");
            assertThat(resolved.get("statusDetails").get("inRelease").asText()).isEqualTo("1.0");
            s.ingest(error("b", "1.0", ""));
            s.ingest(error("b", "", ""));
            assertThat(issueByTitle(s, "E: b").get("status").asText()).isEqualTo("resolved");
            s.ingest(error("b", "1.1", ""));
            JsonNode after = issueByTitle(s, "E: b");
            assertThat(after.get("status").asText()).isEqualTo("unresolved");
            assertThat(after.get("substatus").asText()).isEqualTo("regressed");
            assertThat(after.get("count").asLong()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ignoresEndAfterMoreEventsOrMoreUsers(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            s.ingest(error("c", "", ""));
            s.ingest(error("d", "", ",\"user\":{\"id\":\"u0\"}"));
            s.ingest(error("f", "", ""));
            String c = issueByTitle(s, "E: c").get("id").asText();
            String d = issueByTitle(s, "E: d").get("id").asText();
            String f = issueByTitle(s, "E: f").get("id").asText();
            patch(s, c, "{\"status\":\"ignored\",\"statusDetails\":{\"ignoreCount\":2}}");
            patch(s, d, "{\"status\":\"ignored\",\"statusDetails\":{\"ignoreUserCount\":2}}");
            patch(s, f, "{\"status\":\"ignored\"}");
            s.ingest(error("c", "", ""));
            assertThat(issueByTitle(s, "E: c").get("status").asText()).isEqualTo("ignored");
            s.ingest(error("c", "", ""));
            JsonNode escalated = issueByTitle(s, "E: c");
            assertThat(escalated.get("status").asText()).isEqualTo("unresolved");
            assertThat(escalated.get("substatus").asText()).isEqualTo("escalating");

            s.ingest(error("d", "", ",\"user\":{\"id\":\"u1\"}"));
            s.ingest(error("d", "", ",\"user\":{\"id\":\"u1\"}"));
            s.ingest(error("d", "", ""));
            JsonNode oneUser = issueByTitle(s, "E: d");
            assertThat(oneUser.get("status").asText()).isEqualTo("ignored");
            assertThat(oneUser.get("statusDetails").get("ignoreUsersSeen").asLong()).isEqualTo(1);
            s.ingest(error("d", "", ",\"user\":{\"id\":\"u2\"}"));
            assertThat(issueByTitle(s, "E: d").get("substatus").asText()).isEqualTo("escalating");

            for (int i = 0; i < 3; i++) {
                s.ingest(error("f", "", ""));
            }
            assertThat(issueByTitle(s, "E: f").get("status").asText()).isEqualTo("ignored");
            assertThat(titles(s, "status=ignored")).containsExactly("E: f");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void bulkChangesAndStickyMerges(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            s.ingest(error("m1", "1.0", ",\"environment\":\"prod\""));
            s.ingest(error("m2", "2.0", ",\"environment\":\"staging\""));
            s.ingest(error("m2", "2.0", ""));
            String m1 = issueByTitle(s, "E: m1").get("id").asText();
            String m2 = issueByTitle(s, "E: m2").get("id").asText();
            JsonNode bulk = json(send(s, "PATCH", "/api/projects/default/issues",
                    "{\"ids\":[\"" + m1 + "\",\"" + m2 + "\",\"nope\"],\"status\":\"resolved\"}"));
            assertThat(bulk.get("updated")).hasSize(2);
            assertThat(bulk.get("notFound").get(0).asText()).isEqualTo("nope");
            assertThat(titles(s, "status=resolved")).containsExactlyInAnyOrder("E: m1", "E: m2");

            JsonNode merged = json(send(s, "POST", "/api/projects/default/issues/" + m1 + "/merge",
                    "{\"sources\":[\"" + m2 + "\"]}"));
            assertThat(merged.get("count").asLong()).isEqualTo(3);
            assertThat(titles(s, "")).containsExactly("E: m1");
            assertThat(json(s.get("/api/projects/default/issues/" + m1 + "/events")).get("items")).hasSize(3);
            assertThat(titles(s, "environment=staging")).containsExactly("E: m1");
            assertThat(titles(s, "release=2.0")).containsExactly("E: m1");
            // Later events of the merged fingerprint count for the target, and regress it (it was resolved).
            s.ingest(error("m2", "2.0", ""));
            JsonNode target = json(s.get("/api/projects/default/issues/" + m1));
            assertThat(target.get("count").asLong()).isEqualTo(4);
            assertThat(target.get("substatus").asText()).isEqualTo("regressed");
            assertThat(target.get("recentEvents").get("items")).hasSize(4);
            assertThat(json(s.get("/api/projects/default/issues/" + m2)).get("mergedInto").asText()).isEqualTo(m1);
            assertThat(send(s, "POST", "/api/projects/default/issues/" + m1 + "/merge",
                    "{\"sources\":[\"" + m2 + "\"]}").statusCode()).isEqualTo(400);
            assertThat(send(s, "POST", "/api/projects/default/issues/" + m1 + "/merge",
                    "{\"sources\":[\"" + m1 + "\"]}").statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void listFiltersWorkAndUnknownOnesAreRefused(String kind) throws IOException {
        try (TestServer s = start(kind)) {
            s.ingest("{\"type\":\"error\",\"level\":\"warning\",\"exception\":{\"type\":\"java.lang.IllegalStateException\","
                    + "\"value\":\"pool exhausted\"},\"environment\":\"prod\",\"release\":\"r1\"}");
            assertThat(s.ingest("{\"type\":\"error\",\"message\":\"Disk quota exceeded on /var\",\"exception\":"
                    + "{\"type\":\"IOError\",\"value\":\"write failed\"},\"environment\":\"dev\"}").statusCode()).isEqualTo(202);
            s.ingest(error("Cannot read properties of undefined", "r2", ",\"environment\":\"prod\""));
            assertThat(titles(s, "level=warning")).containsExactly("java.lang.IllegalStateException: pool exhausted");
            assertThat(titles(s, "level=warning,error,info,debug,fatal")).hasSize(3);
            assertThat(titles(s, "environment=prod")).hasSize(2);
            assertThat(titles(s, "environment=dev")).containsExactly("IOError: write failed");
            assertThat(titles(s, "release=r2")).containsExactly("E: Cannot read properties of undefined");
            assertThat(titles(s, "query=" + enc("IllegalState"))).hasSize(1);
            assertThat(titles(s, "query=" + enc("undefined propert"))).hasSize(1);
            assertThat(titles(s, "query=" + enc("\"quota* (:"))).containsExactly("IOError: write failed");
            assertThat(titles(s, "query=nothinglikethis")).isEmpty();
            assertThat(titles(s, "lastSeenFrom=2000-01-01T00:00:00Z&firstSeenTo=2100-01-01T00:00:00Z")).hasSize(3);
            assertThat(titles(s, "firstSeenFrom=2100-01-01T00:00:00Z")).isEmpty();
            assertThat(titles(s, "lastSeenTo=2000-01-01T00:00:00Z")).isEmpty();
            assertThat(titles(s, "status=unresolved&environment=prod&query=pool")).hasSize(1);
            assertThat(s.get("/api/projects/default/issues?env=prod").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/issues?status=closed").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/issues?level=loud").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/issues?firstSeenFrom=yesterday").statusCode()).isEqualTo(400);
            assertThat(s.get("/api/projects/default/issues?query=" + enc("*** ((")).statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badStatusBodiesAreClientErrors(String kind) {
        try (TestServer s = start(kind)) {
            s.ingest(error("z", "", ""));
            String path = "/api/projects/default/issues/";
            String id;
            try {
                id = issueByTitle(s, "E: z").get("id").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(send(s, "PATCH", path + id, "{\"status\":\"closed\"}").statusCode()).isEqualTo(400);
            assertThat(send(s, "PATCH", path + id, "{\"status\":\"ignored\",\"statusDetails\":{\"ignoreCount\":-1}}")
                    .statusCode()).isEqualTo(400);
            assertThat(send(s, "PATCH", path + id, "{\"status\":\"resolved\",\"statusDetails\":{\"ignoreCount\":1}}")
                    .statusCode()).isEqualTo(400);
            assertThat(send(s, "PATCH", path + id, "{\"status\":\"resolved\",\"colour\":1}").statusCode()).isEqualTo(400);
            assertThat(send(s, "PATCH", path + id, "not json").statusCode()).isEqualTo(400);
            assertThat(send(s, "PATCH", path + "unknown", "{\"status\":\"resolved\"}").statusCode()).isEqualTo(404);
            assertThat(send(s, "PATCH", "/api/projects/default/issues", "{\"status\":\"resolved\"}").statusCode())
                    .isEqualTo(400);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
