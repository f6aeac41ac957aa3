package dev.sluice.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.sdk.Breadcrumb;
import dev.sluice.sdk.Generation;
import dev.sluice.sdk.GenerationTimer;
import dev.sluice.sdk.Sluice;
import dev.sluice.sdk.Span;
import dev.sluice.sdk.Transaction;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's Open Sentry family against the real Sluice server on loopback. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OpenSentryEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode get(TestServer s, String path) throws Exception {
        return JSON.readTree(s.get(path).body());
    }

    @Test
    void errorsTransactionsAndGenerationsArriveAndGroup(StoreKind kind) throws Exception {
        AtomicInteger drops = new AtomicInteger();
        try (TestServer server = kind.start(dir);
             Sluice sluice = Sluice.builder().endpoint(server.baseUrl()).openSentryKey(server.key(KeyKind.OPENSENTRY))
                     .environment("prod").release("2.0.0").onError((e, items) -> drops.addAndGet(items.size()))
                     .build()) {
            sluice.errors().setTag("region", "eu");
            sluice.errors().setUser(Map.of("id", "u-1"));
            sluice.errors().addBreadcrumb(Breadcrumb.of("http", "GET /orders"));
            for (int i = 0; i < 3; i++) {
                sluice.captureException(boom());                  // one issue, three occurrences
            }
            sluice.captureException(new IllegalArgumentException("other"));
            try (Transaction tx = sluice.startTransaction("GET /orders")) {
                try (Span s = tx.startSpan("db.query", "select * from orders")) {
                    s.id();
                }
            }
            GenerationTimer timer = sluice.errors().startGeneration("openai", "gpt-4o-mini");
            timer.firstToken();
            timer.finish(1000, 200);
            sluice.captureGeneration(Generation.builder("anthropic", "claude-x").inputTokens(5).totalCostUsd(0.5).build());
            assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(drops.get()).isZero();

            JsonNode issues = get(server, "/api/projects/default/issues").get("items");
            assertThat(issues).hasSize(2);
            JsonNode top = issues.findParents("title").stream()
                    .filter(n -> n.get("title").asText().startsWith("java.lang.IllegalStateException")).findFirst()
                    .orElseThrow();
            assertThat(top.get("count").asLong()).isEqualTo(3);
            JsonNode detail = get(server, "/api/projects/default/issues/" + top.get("id").asText());
            JsonNode event = detail.get("recentEvents").get("items").get(0);
            assertThat(event.get("breadcrumbs").get(0).get("message").asText()).isEqualTo("GET /orders");
            assertThat(event.get("user").get("id").asText()).isEqualTo("u-1");
            assertThat(event.get("release").asText()).isEqualTo("2.0.0");

            JsonNode tx = get(server, "/api/projects/default/transactions?name=GET%20/orders").get("items").get(0);
            assertThat(tx.get("spans")).hasSize(1);
            JsonNode usage = get(server, "/api/projects/default/ai/usage").get("items");
            assertThat(usage.toString()).contains("gpt-4o-mini").contains("claude-x");
        }
    }

    private static IllegalStateException boom() {
        return new IllegalStateException("boom");
    }

    @Test
    void aStoppedServerLosesNothingSilently(StoreKind kind) throws Exception {
        TestServer server = kind.start(dir);
        AtomicInteger drops = new AtomicInteger();
        Sluice sluice = Sluice.builder().endpoint(server.baseUrl()).openSentryKey(server.key(KeyKind.OPENSENTRY))
                .batch(new dev.sluice.sdk.BatchConfig(20, 10, 1000))
                .onError((e, items) -> drops.addAndGet(items.size())).build();
        sluice.captureException(new RuntimeException("before"));
        assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
        server.close();
        for (int i = 0; i < 10; i++) {
            sluice.captureException(new RuntimeException("while down " + i));
        }
        sluice.close(Duration.ofMillis(500));
        dev.sluice.sdk.Stats.FamilyStats st = sluice.stats().of(dev.sluice.sdk.Family.ERRORS);
        assertThat(st.accepted()).isEqualTo(11);
        assertThat(st.delivered()).isEqualTo(1);
        assertThat(st.droppedTotal()).isEqualTo(10);
        assertThat(drops.get()).isEqualTo(10);
    }
}
