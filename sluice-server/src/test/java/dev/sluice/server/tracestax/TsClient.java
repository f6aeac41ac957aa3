package dev.sluice.server.tracestax;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A TraceStax client for tests: posts with a key the way the SDKs do, and reads the job REST API. */
final class TsClient {

    final TestServer server;
    final String key;

    TsClient(TestServer server, String key) {
        this.server = server;
        this.key = key;
    }

    HttpResponse<String> post(String path, String json) {
        return server.post(path, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key));
    }

    HttpResponse<String> ping() {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/ping"))
                .header("Authorization", "Bearer " + key).build());
    }

    /** GET on the admin API; fails the test unless 200. */
    JsonNode api(String path) {
        HttpResponse<String> res = server.get(path);
        if (res.statusCode() != 200) {
            throw new AssertionError("GET " + path + " → " + res.statusCode() + " " + res.body());
        }
        return json(res.body());
    }

    /** Sends {@code method} with the admin token and a JSON body. */
    HttpResponse<String> admin(String method, String path, String json) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new project with a fresh key of {@code type}; answers the raw key. */
    String newProjectKey(String project, String type) {
        HttpResponse<String> p = admin("POST", "/api/admin/projects", "{\"name\":\"" + project + "\"}");
        if (p.statusCode() / 100 != 2) {
            throw new AssertionError(p.body());
        }
        HttpResponse<String> k = admin("POST", "/api/admin/keys",
                "{\"project\":\"" + project + "\",\"type\":\"" + type + "\"}");
        if (k.statusCode() / 100 != 2) {
            throw new AssertionError(k.body());
        }
        return json(k.body()).get("key").asText();
    }

    static String event(String taskId, String status, int attempt, String worker) {
        return event(taskId, "send_email", status, attempt, worker, "");
    }

    /** A TaskEvent as the Node SDK sends it; {@code extra} is spliced into the top level. */
    static String event(String taskId, String name, String status, int attempt, String worker, String extra) {
        return "{\"type\":\"task_event\",\"framework\":\"bullmq\",\"language\":\"typescript\",\"sdk_version\":\"0.1.0\","
                + "\"worker\":{\"key\":\"" + worker + "\",\"hostname\":\"h1\",\"pid\":123,\"concurrency\":4,"
                + "\"queues\":[\"default\"]},\"task\":{\"name\":\"" + name + "\",\"id\":\"" + taskId + "\","
                + "\"queue\":\"default\",\"attempt\":" + attempt + "},\"status\":\"" + status + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String heartbeat(String worker, boolean shutdown) {
        return "{\"type\":\"heartbeat\",\"framework\":\"celery\",\"language\":\"python\",\"sdk_version\":\"0.1.0\","
                + "\"worker\":{\"key\":\"" + worker + "\",\"hostname\":\"h\",\"pid\":\"77\",\"concurrency\":null,"
                + "\"queues\":[\"default\",\"mail\"]},\"timestamp\":\"2026-11-22T06:00:00Z\""
                + (shutdown ? ",\"shutdown\":true" : "") + "}";
    }
}
