package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class AdminApiTest {

    @TempDir
    Path dir;

    static HttpResponse<String> post(TestServer s, String path, String body, String token) {
        return s.post(path, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    @Test
    void projectsAndKeysLifecycleWithRevocationWithinASecond(StoreKind kind) throws IOException, InterruptedException {
        try (TestServer s = kind.start(dir)) {
            String admin = s.adminToken();
            assertThat(post(s, "/api/admin/projects", "{\"name\":\"shop\"}", admin).statusCode()).isEqualTo(201);
            assertThat(post(s, "/api/admin/projects", "{\"name\":\"shop\"}", admin).statusCode()).isEqualTo(409);
            assertThat(post(s, "/api/admin/projects", "{\"name\":\"bad name!\"}", admin).statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/admin/projects", "[]", admin).statusCode()).isEqualTo(400);
            JsonNode projects = Json.MAPPER.readTree(s.get("/api/admin/projects").body()).get("items");
            assertThat(projects).extracting(p -> p.get("name").asText()).containsExactly("default", "shop");

            assertThat(post(s, "/api/admin/keys", "{\"project\":\"shop\",\"type\":\"nope\"}", admin).statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/admin/keys", "{\"project\":\"none\",\"type\":\"opensentry\"}", admin).statusCode()).isEqualTo(404);
            HttpResponse<String> created = post(s, "/api/admin/keys", "{\"project\":\"shop\",\"type\":\"opensentry\"}", admin);
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode key = Json.MAPPER.readTree(created.body());
            String raw = key.get("key").asText();
            assertThat(raw).startsWith("os_");
            // The list never shows raw keys or hashes.
            String list = s.get("/api/admin/keys").body();
            assertThat(list).doesNotContain(raw).contains(key.get("hint").asText());

            String item = "{\"type\":\"error\",\"exception\":{\"value\":\"shop error\"}}";
            Map<String, String> headers = Map.of("X-Open-Sentry-Key", raw);
            assertThat(s.post("/v1/ingest", item.getBytes(StandardCharsets.UTF_8), headers).statusCode()).isEqualTo(202);
            // The shop's error is not visible in the default project.
            assertThat(s.get("/api/projects/default/issues").body()).doesNotContain("shop error");
            assertThat(s.get("/api/projects/shop/issues").body()).contains("shop error");

            HttpResponse<String> revoked = s.send(HttpRequest.newBuilder(
                            URI.create(s.baseUrl() + "/api/admin/keys/" + key.get("id").asText()))
                    .header("Authorization", "Bearer " + admin).DELETE().build());
            assertThat(revoked.statusCode()).isEqualTo(204);
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            int status;
            do {
                status = s.post("/v1/ingest", item.getBytes(StandardCharsets.UTF_8), headers).statusCode();
            } while (status != 403 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(403);
        }
    }

    @Test
    void everyAdminRouteNeedsTheToken(StoreKind kind) {
        try (TestServer s = kind.start(dir)) {
            assertThat(post(s, "/api/admin/projects", "{\"name\":\"x\"}", "sla_wrong").statusCode()).isEqualTo(401);
            assertThat(s.get("/api/admin/keys", java.util.Optional.empty()).statusCode()).isEqualTo(401);
            assertThat(s.get("/api/admin/projects", java.util.Optional.of("sla_wrong")).statusCode()).isEqualTo(401);
            HttpResponse<String> del = s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/admin/keys/x"))
                    .DELETE().build());
            assertThat(del.statusCode()).isEqualTo(401);
            assertThat(del.body()).startsWith("{\"error\":");
        }
    }
}
