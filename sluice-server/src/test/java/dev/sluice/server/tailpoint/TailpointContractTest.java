package dev.sluice.server.tailpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every status and body of the Tailpoint spec (§3, §6–§8), against the real server. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TailpointContractTest {

    TestServer s;

    @BeforeEach
    void start(TestServer server) {
        s = server;
    }

    @AfterEach
    void stop() {
        s.close();
    }

    HttpResponse<String> send(String key, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (key != null) {
            h.put("Authorization", "Bearer " + key);
        }
        return s.post("/api/v1/ingest/tasks", body.getBytes(StandardCharsets.UTF_8), h);
    }

    HttpResponse<String> live(String body) {
        return send(s.key(KeyKind.TAILPOINT_LIVE), body);
    }

    static JsonNode json(HttpResponse<String> res) throws IOException {
        return Json.MAPPER.readTree(res.body());
    }

    static void assertEnvelope(HttpResponse<String> res, int status, String error, String message) throws IOException {
        assertThat(res.statusCode()).isEqualTo(status);
        JsonNode b = json(res);
        assertThat(b.get("success").asBoolean()).isFalse();
        assertThat(b.get("statusCode").asInt()).isEqualTo(status);
        assertThat(b.get("error").asText()).isEqualTo(error);
        assertThat(b.get("message").asText()).isEqualTo(message);
        assertThat(b.get("timestamp").asText()).matches("\\d{4}-.*Z");
        assertThat(b.get("path").asText()).startsWith("/api/v1/ingest/tasks");
        assertThat(b.has("details")).isTrue();
    }

    @Test
    void createThenDedupeWithRunningCount() throws IOException {
        HttpResponse<String> first = live("{\"source\":\"sdk\",\"title\":\"DB down\",\"dedupeKey\":\" db \"}");
        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode a = json(first);
        assertThat(a.get("status").asText()).isEqualTo("created");
        assertThat(a.get("occurrenceCount").asLong()).isEqualTo(1);
        assertThat(a.get("idempotent").asBoolean()).isFalse();
        assertThat(a.get("taskId").isNumber()).isTrue();
        assertThat(a.get("eventId").asText()).isNotEmpty();
        for (int i = 2; i <= 3; i++) {
            HttpResponse<String> again = live("{\"source\":\"api\",\"title\":\"other title\",\"dedupeKey\":\"db\"}");
            assertThat(again.statusCode()).isEqualTo(200);
            JsonNode b = json(again);
            assertThat(b.get("status").asText()).isEqualTo("deduped");
            assertThat(b.get("taskId").asLong()).isEqualTo(a.get("taskId").asLong());
            assertThat(b.get("occurrenceCount").asLong()).isEqualTo(i);
        }
        // Without a dedupe key every event is a new task.
        JsonNode other = json(live("{\"source\":\"sdk\",\"title\":\"DB down\"}"));
        assertThat(other.get("taskId").asLong()).isNotEqualTo(a.get("taskId").asLong());
    }

    @Test
    void idempotentReplaysReturnTheStoredOutcomeEvenAfterRestart() throws IOException {
        String body = "{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"k\",\"idempotencyKey\":\"idem-1\"}";
        JsonNode created = json(live(body));
        HttpResponse<String> replay = live("{\"source\":\"sdk\",\"title\":\"different body\",\"idempotencyKey\":\"idem-1\"}");
        assertThat(replay.statusCode()).isEqualTo(201);
        JsonNode r = json(replay);
        assertThat(r.get("idempotent").asBoolean()).isTrue();
        assertThat(r.get("eventId").asText()).isEqualTo(created.get("eventId").asText());
        assertThat(r.get("occurrenceCount").asLong()).isEqualTo(1);
        // The channel is part of the identity: source "api" is another channel.
        assertThat(live("{\"source\":\"api\",\"title\":\"t\",\"dedupeKey\":\"k\",\"idempotencyKey\":\"idem-1\"}")
                .statusCode()).isEqualTo(200);
        JsonNode dedupe = json(live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"k\",\"idempotencyKey\":\"idem-2\"}"));
        assertThat(dedupe.get("occurrenceCount").asLong()).isEqualTo(3);
        s = s.restart();
        HttpResponse<String> afterRestart = live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"k\",\"idempotencyKey\":\"idem-2\"}");
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(json(afterRestart).get("idempotent").asBoolean()).isTrue();
        assertThat(json(afterRestart).get("occurrenceCount").asLong()).isEqualTo(3);
    }

    @Test
    void guardOrder() throws IOException {
        assertEnvelope(send(null, "{\"source\":\"sdk\",\"title\":\"t\"}"), 401, "Unauthorized", "Missing ingestion API key");
        HttpResponse<String> basic = s.post("/api/v1/ingest/tasks", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Basic abc"));
        assertEnvelope(basic, 401, "Unauthorized", "Missing ingestion API key");
        assertEnvelope(send("trk_live_nope", "{}"), 401, "Unauthorized", "Invalid ingestion API key");
        assertEnvelope(send(s.key(KeyKind.OPENSENTRY), "{}"), 401, "Unauthorized", "Invalid ingestion API key");
        // "Bearer " with nothing after it reaches the server as "Bearer" (HTTP trims header values).
        assertEnvelope(send("", "{}"), 401, "Unauthorized", "Missing ingestion API key");
        // The parser runs first: malformed JSON or a huge body fail before the key is looked at.
        assertThat(send(null, "{oops").statusCode()).isEqualTo(400);
        assertThat(send(null, "x".repeat(102_401)).statusCode()).isEqualTo(413);
        // An invalid key is reported before size.
        String big = "{\"source\":\"sdk\",\"title\":\"t\",\"description\":\"" + "d".repeat(60_000) + "\"}";
        assertThat(send("trk_live_nope", big).statusCode()).isEqualTo(401);
        assertEnvelope(live(big), 413, "PAYLOAD_TOO_LARGE", "Ingestion payload exceeds 50KB");
        assertEnvelope(s.post("/api/v1/ingest/tasks?x=1", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer trk_live_nope")), 401, "Unauthorized", "Invalid ingestion API key");
        assertThat(json(s.post("/api/v1/ingest/tasks?x=1", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer trk_live_nope"))).get("path").asText()).isEqualTo("/api/v1/ingest/tasks?x=1");
    }

    @Test
    void validationListsEveryViolationInClassValidatorWording() throws IOException {
        HttpResponse<String> res = live("{\"source\":\"robot\",\"severity\":\"urgent\",\"priority\":\"x\","
                + "\"metadata\":[1],\"occurredAt\":\"yesterday\",\"customFields\":[{\"value\":1}],"
                + "\"assigneeEmails\":\"a@b\",\"dedupeKey\":\"" + "k".repeat(256) + "\"}");
        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode b = json(res);
        assertThat(b.get("error").asText()).isEqualTo("Bad Request");
        assertThat(b.get("details")).extracting(JsonNode::asText).containsExactly(
                "source must be one of the following values: sdk, api, sentry, manual",
                "title must be shorter than or equal to 255 characters",
                "title must be a string",
                "severity must be one of the following values: low, medium, high, critical",
                "priority must not be less than 0",
                "priority must be an integer number",
                "dedupeKey must be shorter than or equal to 255 characters",
                "metadata must be an object",
                "occurredAt must be a valid ISO 8601 date string",
                "customFields.0.fieldId must be a string",
                "assigneeEmails must be an array");
        assertThat(b.get("message").asText()).startsWith("source must be one of the following values: sdk, api, sentry, manual, title must");
    }

    @Test
    void coercesScalarsAndStripsUnknownFields() throws IOException {
        HttpResponse<String> res = live("{\"source\":\"manual\",\"title\":12345,\"priority\":\"3\",\"severity\":\"high\","
                + "\"unknown\":{\"x\":1},\"customFields\":[{\"fieldId\":\"f1\",\"value\":{\"a\":1},\"junk\":2}],"
                + "\"occurredAt\":\"2026-02-30T10:00:00Z\"}");
        assertThat(res.statusCode()).isEqualTo(201);
        JsonNode task = json(s.get("/api/projects/default/tasks/" + json(res).get("taskId").asLong()));
        assertThat(task.get("title").asText()).isEqualTo("12345");
        assertThat(task.get("priority").asLong()).isEqualTo(3);
        assertThat(task.get("severity").asText()).isEqualTo("high");
        assertThat(task.get("customFields").toString()).isEqualTo("[{\"fieldId\":\"f1\",\"value\":{\"a\":1}}]");
    }

    @Test
    void testKeysValidateAndWriteNothing() throws IOException {
        String before = counts();
        HttpResponse<String> res = send(s.key(KeyKind.TAILPOINT_TEST),
                "{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"k\",\"idempotencyKey\":\"i\"}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode b = json(res);
        assertThat(b.get("status").asText()).isEqualTo("validated");
        assertThat(b.get("test").asBoolean()).isTrue();
        assertThat(b.get("projectId").isNumber()).isTrue();
        assertThat(b.get("targetStatusId").asLong()).isEqualTo(statusId("open"));
        assertThat(send(s.key(KeyKind.TAILPOINT_TEST), "{\"title\":\"t\"}").statusCode()).isEqualTo(400);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void rateLimitPerKeyAnswers429WithRetryAfter() throws IOException {
        assertThat(put("/api/projects/default/task-settings", "{\"ratePerMinute\":3}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            // Invalid bodies count too: the limit runs before validation.
            assertThat(live("{}").statusCode()).isEqualTo(400);
        }
        HttpResponse<String> limited = live("{\"source\":\"sdk\",\"title\":\"t\"}");
        assertEnvelope(limited, 429, "TOO_MANY_REQUESTS", "Too many ingestion requests for this API key");
        assertThat(limited.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        // Another key has its own bucket.
        assertThat(send(s.key(KeyKind.TAILPOINT_TEST), "{\"source\":\"sdk\",\"title\":\"t\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void closedTaskPolicies() throws IOException {
        long task = json(live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"p\",\"severity\":\"low\"}")).get("taskId").asLong();
        close(task);
        JsonNode reopened = json(live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"p\",\"severity\":\"critical\"}"));
        assertThat(reopened.get("status").asText()).isEqualTo("deduped");
        JsonNode view = json(s.get("/api/projects/default/tasks/" + task));
        assertThat(view.get("status").asText()).isEqualTo("open");
        assertThat(view.get("severity").asText()).isEqualTo("critical");
        assertThat(view.get("occurrenceCount").asLong()).isEqualTo(2);

        put("/api/projects/default/task-settings", "{\"closedTaskBehavior\":\"create_new\"}");
        close(task);
        HttpResponse<String> fresh = live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"p\"}");
        assertThat(fresh.statusCode()).isEqualTo(201);
        long newTask = json(fresh).get("taskId").asLong();
        assertThat(newTask).isNotEqualTo(task);
        // The newest dedupe row wins from now on.
        assertThat(json(live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"p\"}")).get("taskId").asLong()).isEqualTo(newTask);

        put("/api/projects/default/task-settings", "{\"closedTaskBehavior\":\"reopen_if_recent\",\"reopenWindowDays\":7}");
        close(newTask);
        HttpResponse<String> recent = live("{\"source\":\"sdk\",\"title\":\"t\",\"dedupeKey\":\"p\"}");
        assertThat(recent.statusCode()).isEqualTo(200);
        assertThat(json(recent).get("taskId").asLong()).isEqualTo(newTask);
    }

    @Test
    void assigneesMustBeMembersAndARejectedIntakeConflictsOnReplay() throws IOException {
        String body = "{\"source\":\"sdk\",\"title\":\"t\",\"idempotencyKey\":\"a1\",\"assigneeEmails\":[\"Ann@x.io\",\"bob@x.io\"]}";
        HttpResponse<String> rejected = live(body);
        assertEnvelope(rejected, 400, "BAD_REQUEST", "Assignees must be active project members: ann@x.io, bob@x.io");
        put("/api/projects/default/members", "{\"emails\":[\"ann@x.io\",\"bob@x.io\"]}");
        assertEnvelope(live(body), 409, "CONFLICT", "Intake event cannot be processed from rejected");
        HttpResponse<String> ok = live(body.replace("a1", "a2"));
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode list = json(s.get("/api/projects/default/tasks?assignee=ANN@x.io"));
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("assignees").toString()).isEqualTo("[\"ann@x.io\",\"bob@x.io\"]");
    }

    @Test
    void taskApiFiltersAndChanges() throws IOException {
        long a = json(live("{\"source\":\"sdk\",\"title\":\"a\",\"severity\":\"high\"}")).get("taskId").asLong();
        json(live("{\"source\":\"sdk\",\"title\":\"b\"}"));
        assertThat(json(s.get("/api/projects/default/tasks?severity=high")).get("items")).hasSize(1);
        HttpResponse<String> changed = patch("/api/projects/default/tasks/" + a, "{\"status\":\"in_progress\",\"priority\":5}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).get("status").asText()).isEqualTo("in_progress");
        assertThat(json(s.get("/api/projects/default/tasks?status=in_progress")).get("items")).hasSize(1);
        assertThat(patch("/api/projects/default/tasks/" + a, "{\"status\":\"nope\"}").statusCode()).isEqualTo(400);
        assertThat(patch("/api/projects/default/tasks/999999", "{\"priority\":1}").statusCode()).isEqualTo(404);
        assertThat(json(s.get("/api/projects/default/tasks?limit=1")).get("nextCursor").isNull()).isFalse();
    }

    private void close(long task) {
        assertThat(patch("/api/projects/default/tasks/" + task, "{\"status\":\"closed\"}").statusCode()).isEqualTo(200);
    }

    private long statusId(String name) throws IOException {
        for (JsonNode st : json(s.get("/api/projects/default/task-statuses")).get("statuses")) {
            if (st.get("name").asText().equals(name)) {
                return st.get("id").asLong();
            }
        }
        throw new AssertionError(name);
    }

    private String counts() throws IOException {
        return json(s.get("/api/projects/default/tasks")).get("items").size() + "/"
                + s.server().store().read(c -> {
                    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM tasks) "
                            + "+ (SELECT COUNT(*) FROM task_dedupe) + (SELECT COUNT(*) FROM intake_events)")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
    }

    private HttpResponse<String> put(String path, String body) {
        return method("PUT", path, body);
    }

    private HttpResponse<String> patch(String path, String body) {
        return method("PATCH", path, body);
    }

    private HttpResponse<String> method(String method, String path, String body) {
        return s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + s.adminToken()).header("Content-Type", "application/json").build());
    }
}
