package dev.sluice.server.opensentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.log.LocalIngestLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full ingest queue answers 503 with {@code Retry-After} at once, and everything it accepted is still
 * committed and acknowledged. The writer is held up the way a long CLI transaction would: another connection
 * holds SQLite's write lock. The queue's byte budget fits exactly three of the four equal-sized requests, and
 * bytes are released only by a commit, which the lock forbids: so exactly one request is refused, whatever
 * order the four arrive in, and no test timing is involved.
 */
class OpenSentryBackpressureTest {

    @TempDir
    Path dir;

    static String body(int i) {
        return "{\"type\":\"error\",\"exception\":{\"value\":\"held " + i + "\"}}";
    }

    @Test
    void fullQueueAnswers503WithRetryAfterAndLosesNothingAccepted() throws Exception {
        int size = body(0).getBytes(StandardCharsets.UTF_8).length;
        try (TestServer s = TestServer.withLimits(dir, new LocalIngestLog.Limits(100, 3L * size, 2000));
             Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sluice.db"));
             Statement lock = blocker.createStatement()) {
            HttpClient http = HttpClient.newHttpClient();
            // The items are read back by issue title, one issue per message: Open Sentry's rule 1 (rule 2, the
            // default, would group "held 0" and "held 2" into one issue).
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/grouping"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"ruleVersion\":1}")).build()).statusCode()).isEqualTo(200);
            lock.execute("BEGIN IMMEDIATE");
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/ingest"))
                        .timeout(Duration.ofSeconds(30)).header("X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY))
                        .POST(HttpRequest.BodyPublishers.ofString(body(i))).build();
                sent.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
            }
            // Nothing can commit while the lock is held, so the first answer is the refusal.
            HttpResponse<?> refused = (HttpResponse<?>) CompletableFuture.anyOf(sent.toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
            assertThat(refused.body().toString()).startsWith("{\"error\":\"Service unavailable");
            List<CompletableFuture<HttpResponse<String>>> held = sent.stream()
                    .filter(f -> !f.isDone() || f.join() != refused).toList();
            assertThat(held).hasSize(3).noneMatch(CompletableFuture::isDone);
            lock.execute("ROLLBACK");
            for (CompletableFuture<HttpResponse<String>> f : held) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
            }
            String refusedValue = "held " + sent.indexOf(sent.stream().filter(f -> f.isDone() && f.join() == refused)
                    .findFirst().orElseThrow());
            String issues = s.get("/api/projects/default/issues?limit=200").body();
            for (int i = 0; i < 4; i++) {
                if (("held " + i).equals(refusedValue)) {
                    assertThat(issues).doesNotContain(refusedValue);
                } else {
                    assertThat(issues).contains("held " + i);
                }
            }
        }
    }
}
