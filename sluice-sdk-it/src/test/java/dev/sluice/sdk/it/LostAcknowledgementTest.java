package dev.sluice.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.sdk.Sluice;
import dev.sluice.sdk.Task;
import dev.sluice.sdk.TaskOutcome;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acknowledgement of the first attempt is lost (a proxy forwards the request to the real server, then
 * answers 503): the SDK retries the same bytes, and the server stores the item once.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class LostAcknowledgementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "user-agent");

    @TempDir
    Path dir;

    /** Forwards everything to {@code target}; the first response is replaced by a 503. */
    private static HttpServer lossyProxy(String target, AtomicInteger forwarded) throws IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        proxy.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase())) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                ex.close();
                return;
            }
            boolean lose = forwarded.incrementAndGet() == 1;
            byte[] out = lose ? new byte[0] : r.body();
            ex.sendResponseHeaders(lose ? 503 : r.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        proxy.start();
        return proxy;
    }

    @Test
    void aRetriedTaskIsAnsweredFromTheStoredOutcome(StoreKind kind) throws Exception {
        AtomicInteger forwarded = new AtomicInteger();
        try (TestServer server = kind.start(dir)) {
            HttpServer proxy = lossyProxy(server.baseUrl(), forwarded);
            try (Sluice sluice = Sluice.builder().endpoint("http://127.0.0.1:" + proxy.getAddress().getPort())
                    .tailpointKey(server.key(KeyKind.TAILPOINT_LIVE))
                    .retry(5, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1)).build()) {
                TaskOutcome o = sluice.capture(Task.builder("Queue stuck").build()).toCompletableFuture()
                        .orTimeout(30, TimeUnit.SECONDS).join();
                assertThat(forwarded.get()).isEqualTo(2);
                assertThat(o.status()).isEqualTo(TaskOutcome.Status.CREATED);
                assertThat(o.idempotent()).as("the retry was answered from the stored outcome").isTrue();
                assertThat(JSON.readTree(server.get("/api/projects/default/tasks").body()).get("items")).hasSize(1);
            } finally {
                proxy.stop(0);
            }
        }
    }

    @Test
    void aRetriedErrorBatchIsStoredOnce(StoreKind kind) throws Exception {
        AtomicInteger forwarded = new AtomicInteger();
        try (TestServer server = kind.start(dir)) {
            HttpServer proxy = lossyProxy(server.baseUrl(), forwarded);
            try (Sluice sluice = Sluice.builder().endpoint("http://127.0.0.1:" + proxy.getAddress().getPort())
                    .openSentryKey(server.key(KeyKind.OPENSENTRY))
                    .retry(5, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1)).build()) {
                sluice.captureException(new IllegalStateException("once"));
                sluice.captureException(new IllegalStateException("once"));
                assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(forwarded.get()).isEqualTo(2);
                var issues = JSON.readTree(server.get("/api/projects/default/issues").body()).get("items");
                assertThat(issues).hasSize(1);
                assertThat(issues.get(0).get("count").asLong()).as("two occurrences, not four").isEqualTo(2);
            } finally {
                proxy.stop(0);
            }
        }
    }
}
