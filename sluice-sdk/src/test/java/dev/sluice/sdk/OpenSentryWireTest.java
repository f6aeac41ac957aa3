package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sdk.internal.JsonParser;
import dev.sluice.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Open Sentry request shapes (open-sentry.md §6): URL, headers, object-vs-array, items. */
class OpenSentryWireTest {

    private final StubServer stub = new StubServer(req -> StubServer.Resp.json(202, "{\"id\":\"x\"}"));
    private final FakeClock clock = new FakeClock();
    private final Sluice sluice = Sluice.builder().openSentryDsn("http://os_pk@" + stub.url().substring(7) + "/v1/ingest")
            .environment("staging").release("1.2.3").clock(clock).batch(new BatchConfig(100, 20, 1000)).build();

    @AfterEach
    void close() {
        sluice.close();
        stub.close();
    }

    @Test
    void oneItemIsAnObjectWithScopeBreadcrumbsAndFrames() {
        Errors e = sluice.errors();
        e.setTag("region", "eu");
        e.setUser(Map.of("id", "u1"));
        e.addBreadcrumb(Breadcrumb.of("http", "GET /orders"));
        e.captureException(new IllegalStateException("boom"));
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        StubServer.Req req = stub.requests("/v1/ingest").get(0);
        assertThat(req.query()).isEqualTo("key=os_pk");
        assertThat(req.header("X-Open-Sentry-Key")).isEqualTo("os_pk");
        assertThat(req.header("Idempotency-Key")).isNotBlank();
        Map<String, Object> item = JsonParser.object(req.text());
        assertThat(item).containsEntry("type", "error").containsEntry("level", "error")
                .containsEntry("environment", "staging").containsEntry("release", "1.2.3")
                .containsEntry("tags", Map.of("region", "eu")).containsEntry("user", Map.of("id", "u1"))
                .containsEntry("timestamp", "2026-01-01T00:00:00Z").containsKey("eventId");
        @SuppressWarnings("unchecked")
        Map<String, Object> ex = (Map<String, Object>) item.get("exception");
        assertThat(ex).containsEntry("type", "java.lang.IllegalStateException").containsEntry("value", "boom");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> frames = (List<Map<String, Object>>) ((Map<String, Object>) ex.get("stacktrace"))
                .get("frames");
        assertThat(frames.get(0)).containsEntry("function",
                "dev.sluice.sdk.OpenSentryWireTest.oneItemIsAnObjectWithScopeBreadcrumbsAndFrames")
                .containsEntry("filename", "OpenSentryWireTest.java").containsEntry("inApp", true);
        assertThat(frames).hasSizeLessThanOrEqualTo(50);
        assertThat((List<?>) item.get("breadcrumbs")).hasSize(1);
    }

    @Test
    void severalItemsAreAnArrayOfAtMostTwenty() {
        for (int i = 0; i < 25; i++) {
            sluice.errors().captureMessage("m" + i, Level.WARNING);
        }
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        List<StubServer.Req> reqs = stub.requests("/v1/ingest");
        List<Integer> sizes = reqs.stream().map(r -> JsonParser.parse(r.text()))
                .map(b -> b instanceof List<?> l ? l.size() : 1).toList();
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
        assertThat(sizes).allMatch(n -> n <= 20);
        Object first = JsonParser.parse(reqs.get(0).text());
        Map<?, ?> msg = first instanceof List<?> l ? (Map<?, ?>) l.get(0) : (Map<?, ?>) first;
        assertThat(msg.get("exception")).isEqualTo(Map.of("type", "warning", "value", "m0"));
    }

    @Test
    void transactionsWithSpansAndTimedGenerations() {
        try (Transaction tx = sluice.startTransaction("GET /orders")) {
            try (Span db = tx.startSpan("db.query", "select")) {
                clock.advanceMs(30);
                try (Span child = db.startChild("db.fetch", "fetch")) {
                    assertThat(child.id()).hasSize(16);
                    clock.advanceMs(5);
                }
            }
            clock.advanceMs(10);
        }
        GenerationTimer t = sluice.errors().startGeneration("openai", "gpt-4o");
        clock.advanceMs(120);
        t.firstToken();
        clock.advanceMs(380);
        t.details().totalCostUsd(0.01).tag("feature", "chat");
        t.finish(100, 50);
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        List<Object> items = stub.requests("/v1/ingest").stream().map(r -> JsonParser.parse(r.text()))
                .flatMap(b -> b instanceof List<?> l ? l.stream().map(o -> (Object) o) : java.util.stream.Stream.of(b))
                .toList();
        Map<?, ?> tx = (Map<?, ?>) items.get(0);
        assertThat(tx.get("type")).isEqualTo("transaction");
        assertThat(tx.get("durationMs")).isEqualTo(45L);
        assertThat(tx.get("status")).isEqualTo("ok");
        assertThat(((String) tx.get("traceId"))).hasSize(32);
        List<?> spans = (List<?>) tx.get("spans");
        assertThat(spans).extracting(s -> ((Map<?, ?>) s).get("op") + "=" + ((Map<?, ?>) s).get("durationMs"))
                .containsExactly("db.fetch=5", "db.query=35");
        @SuppressWarnings("unchecked")
        Map<String, Object> gen = (Map<String, Object>) items.get(1);
        assertThat(gen).containsEntry("type", "ai_generation").containsEntry("provider", "openai")
                .containsEntry("inputTokens", 100L).containsEntry("outputTokens", 50L).containsEntry("totalTokens", 150L)
                .containsEntry("latencyMs", 500L).containsEntry("timeToFirstTokenMs", 120L)
                .containsEntry("totalCostUsd", 0.01).containsEntry("tags", Map.of("feature", "chat"));
    }
}
