package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.User;
import dev.sluice.web.session.Passwords;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Two projects with data through every protocol: {@code default} (A) with a visible error, and {@code bravo}
 * (B) whose every stored string carries {@link #MARKER}, so a page that leaks B shows it. Plus a member of A.
 */
final class TwoProjects {

    /** In every string stored in project B (compare lower-case). */
    static final String MARKER = "zqxbsecret";
    static final String MEMBER_EMAIL = "alice@example.com";
    static final String MEMBER_PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwoProjects() {
    }

    static void seed(TestServer s) throws Exception {
        ok(s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"AlphaVisibleError\",\"value\":\"in project A\"}}"));
        ok(s.post("/api/admin/projects", bytes("{\"name\":\"bravo\"}"), admin(s)));
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String os = key(s, KeyKind.OPENSENTRY);
        Map<String, String> osHeaders = Map.of("Content-Type", "application/json", "X-Open-Sentry-Key", os);
        ok(s.post("/v1/ingest", bytes("{\"type\":\"error\",\"exception\":{\"type\":\"ZqxBsecretError\",\"value\":"
                + "\"ZQXBSECRET boom\"},\"user\":{\"id\":\"zqxbsecret-user\"},\"environment\":\"zqxbsecret-env\"}"),
                osHeaders));
        ok(s.post("/v1/ingest", bytes("{\"type\":\"transaction\",\"name\":\"GET /zqxbsecret\",\"traceId\":\"tb\","
                + "\"durationMs\":12,\"status\":\"ok\",\"spans\":[{\"spanId\":\"s\",\"op\":\"db\",\"description\":"
                + "\"zqxbsecret span\",\"durationMs\":3}],\"timestamp\":\"" + now + "\"}"), osHeaders));
        ok(s.post("/v1/ingest", bytes("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":"
                + "\"zqxbsecret-model\",\"inputTokens\":10,\"outputTokens\":5,\"latencyMs\":100,\"timestamp\":\""
                + now + "\"}"), osHeaders));
        ok(s.post("/api/v1/ingest/tasks", bytes("{\"source\":\"sdk\",\"title\":\"ZQXBSECRET disk full\","
                + "\"severity\":\"high\",\"dedupeKey\":\"zqxbsecret\"}"), Map.of("Authorization", "Bearer "
                + key(s, KeyKind.TAILPOINT_LIVE), "Content-Type", "application/json")));
        Map<String, String> ts = Map.of("Authorization", "Bearer " + key(s, KeyKind.TRACESTAX_LIVE),
                "Content-Type", "application/json");
        ok(s.post("/v1/ingest", bytes("{\"type\":\"task_event\",\"framework\":\"bullmq\",\"language\":\"typescript\","
                + "\"sdk_version\":\"0.1.0\",\"worker\":{\"key\":\"zqxbsecret-worker\",\"hostname\":\"h\",\"pid\":1,"
                + "\"concurrency\":1,\"queues\":[\"zqxbsecret-q\"]},\"task\":{\"name\":\"zqxbsecret_job\",\"id\":"
                + "\"zqxbsecret-run\",\"queue\":\"zqxbsecret-q\",\"attempt\":1},\"status\":\"failed\",\"timestamp\":\""
                + now + "\",\"error\":{\"type\":\"ZqxBsecretDeclined\",\"message\":\"zqxbsecret\"}}"), ts));
        ok(s.post("/sdk.events.v1.EventsService/BatchCreate", bytes("{\"events\":[{\"eventId\":\""
                + java.util.UUID.randomUUID() + "\",\"sessionId\":\"" + java.util.UUID.randomUUID()
                + "\",\"distinctId\":\"zqxbsecret-user\",\"kind\":\"zqxbsecret_signup\",\"occurTime\":\"" + now
                + "\"}]}"), Map.of("x-api-key", key(s, KeyKind.PUG_PRIVATE), "Content-Type", "application/json")));
        var accounts = s.server().store().accounts();
        User alice = accounts.createUser(MEMBER_EMAIL, Role.MEMBER, Optional.of(Passwords.hash(MEMBER_PASSWORD)),
                System.currentTimeMillis());
        accounts.addMembership(alice.id(), s.server().store().findProject("default").orElseThrow().id(),
                System.currentTimeMillis());
    }

    private static String key(TestServer s, KeyKind kind) throws Exception {
        HttpResponse<String> res = s.post("/api/admin/keys", bytes("{\"project\":\"bravo\",\"type\":\"" + kind.id() + "\"}"),
                admin(s));
        ok(res);
        JsonNode body = JSON.readTree(res.body());
        return body.path("key").asText();
    }

    private static Map<String, String> admin(TestServer s) {
        return Map.of("Authorization", "Bearer " + s.adminToken(), "Content-Type", "application/json");
    }

    static void ok(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isBetween(200, 299);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
