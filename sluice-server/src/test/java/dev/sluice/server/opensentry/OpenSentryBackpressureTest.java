package dev.sluice.server.opensentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.log.LocalIngestLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full ingest queue answers 503 with {@code Retry-After} at once, and everything it accepted is still
 * committed and acknowledged. The writer is held up the way a long CLI transaction would: another connection
 * holds SQLite's write lock.
 */
class OpenSentryBackpressureTest {

    @TempDir
    Path dir;

    @Test
    void fullQueueAnswers503WithRetryAfterAndLosesNothingAccepted() throws Exception {
        try (TestServer s = TestServer.withLimits(dir, new LocalIngestLog.Limits(2, 1 << 20, 2000));
             Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sluice.db"));
             Statement lock = blocker.createStatement()) {
            HttpClient http = HttpClient.newHttpClient();
            // The items are read back by issue title, one issue per message: Open Sentry's rule 1 (rule 2, the
            // default, would group "held 0" and "held 2" into one issue).
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/grouping"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"ruleVersion\":1}")).build()).statusCode()).isEqualTo(200);
            lock.execute("BEGIN IMMEDIATE");
            List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            HttpResponse<String> refused = null;
            for (int i = 0; i < 20 && refused == null; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/ingest"))
                        .timeout(Duration.ofSeconds(30)).header("X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\":\"error\",\"exception\":{\"value\":\"held " + i + "\"}}")).build();
                CompletableFuture<HttpResponse<String>> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
                // Give the request time to reach the queue before the next one, so the count is deterministic.
                long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
                while (!f.isDone() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                if (f.isDone()) {
                    refused = f.get();
                } else {
                    pending.add(f);
                }
            }
            assertThat(refused).as("a request is refused once the queue is full").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
            assertThat(refused.body()).startsWith("{\"error\":\"Service unavailable");
            lock.execute("ROLLBACK");
            for (CompletableFuture<HttpResponse<String>> f : pending) {
                assertThat(f.get().statusCode()).isEqualTo(202);
            }
            // One held by the writer plus two queued.
            assertThat(pending).hasSize(3);
            assertThat(s.get("/api/projects/default/issues?limit=200").body()).contains("held 0", "held 2")
                    .doesNotContain("held 3");
        }
    }
}
