package dev.sluice.server.http;

import static dev.sluice.server.http.EdgeHttpTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a new user makes get an answer that says what is wrong and what would be right. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class MessagesTest {

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start(StoreKind kind) {
        server = kind.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("Content-Type", "application/json");
        return server.post(path, body.getBytes(StandardCharsets.UTF_8), h);
    }

    @Test
    void aTailpointKeyOnOpenSentrysRouteSaysWhereItGoes() {
        HttpResponse<String> res = post("/v1/ingest", "{\"title\":\"t\"}",
                Map.of("Authorization", "Bearer " + server.key(KeyKind.TAILPOINT_LIVE)));
        assertThat(res.statusCode()).isEqualTo(401);
        JsonNode body = json(res.body());
        assertThat(body.path("error").asText()).isEqualTo("Missing auth key");
        assertThat(body.path("details").asText()).contains("Tailpoint", "/api/v1/ingest/tasks");
    }

    @Test
    void hintsNeverTellWhetherAKeyExistsInAnotherProject() {
        HttpResponse<String> created = post("/api/admin/projects", "{\"name\":\"other\"}",
                Map.of("Authorization", "Bearer " + server.adminToken()));
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> key = post("/api/admin/keys", "{\"project\":\"other\",\"type\":\"tailpoint-live\"}",
                Map.of("Authorization", "Bearer " + server.adminToken()));
        String real = json(key.body()).path("key").asText();
        String fake = "trk_live_" + "x".repeat(32);
        HttpResponse<String> withReal = post("/v1/ingest", "{}", Map.of("X-Open-Sentry-Key", real));
        HttpResponse<String> withFake = post("/v1/ingest", "{}", Map.of("X-Open-Sentry-Key", fake));
        assertThat(withReal.statusCode()).isEqualTo(withFake.statusCode());
        assertThat(withReal.body()).isEqualTo(withFake.body());
        String realOs = server.key(KeyKind.OPENSENTRY);
        HttpResponse<String> tpReal = post("/api/v1/ingest/tasks", "{\"title\":\"t\"}", Map.of("Authorization", "Bearer " + realOs));
        HttpResponse<String> tpFake = post("/api/v1/ingest/tasks", "{\"title\":\"t\"}",
                Map.of("Authorization", "Bearer os_" + "y".repeat(32)));
        assertThat(tpReal.statusCode()).isEqualTo(401);
        assertThat(json(tpReal.body()).path("details")).isEqualTo(json(tpFake.body()).path("details"));
        assertThat(json(tpReal.body()).path("details").toString()).contains("X-Open-Sentry-Key");
    }

    @Test
    void aPublicPugKeyOnAReadSaysAPrivateKeyIsNeeded() {
        HttpResponse<String> res = server.post("/shared.profiles.v1.ProfilesService/GetByExternalId",
                "{\"external_id\":\"u\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "x-api-key", server.key(KeyKind.PUG_PUBLIC)));
        assertThat(res.statusCode()).isEqualTo(401);
        JsonNode body = json(res.body());
        assertThat(body.path("code").asText()).isEqualTo("unauthenticated");
        assertThat(body.path("message").asText()).contains("private key (prv_)").startsWith("invalid API key");
    }

    @Test
    void theTailpointPathWithoutApiGetsAHint() {
        HttpResponse<String> res = post("/v1/ingest/tasks", "{\"title\":\"t\"}",
                Map.of("Authorization", "Bearer " + server.key(KeyKind.TAILPOINT_LIVE)));
        assertThat(res.statusCode()).isEqualTo(404);
        JsonNode body = json(res.body());
        assertThat(body.path("success").asBoolean(true)).isFalse();
        assertThat(body.path("statusCode").asInt()).isEqualTo(404);
        assertThat(body.path("details").toString()).contains("/api");
    }

    @Test
    void anInvalidPayloadNamesTheField() {
        HttpResponse<String> res = server.ingest("{\"type\":\"error\",\"message\":\"no exception\"}");
        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode body = json(res.body());
        assertThat(body.path("error").asText()).isEqualTo("Invalid payload");
        assertThat(body.path("details").asText()).contains("exception");
    }
}
