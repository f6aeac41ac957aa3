package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sdk.internal.JsonParser;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scopes as the Open Sentry wire shows them: global + per thread, pushed, forked onto other threads. */
class ScopesTest {

    private final StubServer stub = new StubServer(req -> StubServer.Resp.json(202, "{\"id\":\"x\"}"));
    private final Sluice sluice = Sluice.builder().openSentryDsn("http://os_pk@" + stub.url().substring(7) + "/v1/ingest")
            .traceStaxKey("ts_live_x").endpoint(stub.url()).batch(new BatchConfig(1, 0, 1000)).build();

    @AfterEach
    void close() {
        sluice.close();
        stub.close();
    }

    /** The errors sent, ordered by their message. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sent(int n) {
        assertThat(sluice.flush(Duration.ofSeconds(20))).isTrue();
        return stub.await(r -> r.path().equals("/v1/ingest") && r.text().contains("\"error\""), n,
                        Duration.ofSeconds(20)).stream()
                .map(r -> JsonParser.object(r.text()))
                .sorted(Comparator.comparing(ScopesTest::message))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static String message(Map<String, Object> item) {
        return String.valueOf(((Map<String, Object>) item.get("exception")).get("value"));
    }

    @Test
    void eachThreadHasItsOwnScopeOverTheGlobalOne() throws Exception {
        Errors e = sluice.errors();
        e.globalScope().setTag("service", "shop");
        e.globalScope().setUser(Map.of("id", "system"));
        e.setTag("service", "checkout");          // the thread's tag wins over the global one
        e.setUser(Map.of("id", "u-main"));
        e.captureMessage("a-main", Level.INFO);
        Thread other = new Thread(() -> e.captureMessage("b-other", Level.INFO));
        other.start();
        other.join();
        List<Map<String, Object>> items = sent(2);
        assertThat(items.get(0)).containsEntry("tags", Map.of("service", "checkout"))
                .containsEntry("user", Map.of("id", "u-main"));
        assertThat(items.get(1)).containsEntry("tags", Map.of("service", "shop"))   // only the global scope
                .containsEntry("user", Map.of("id", "system"));
    }

    @Test
    void pushedScopesAreDiscardedAndWithScopeRestores() {
        Errors e = sluice.errors();
        e.setTag("outer", "1");
        try (ScopeHandle h = e.pushScope()) {
            h.scope().setTag("inner", "2");
            e.addBreadcrumb(Breadcrumb.of("app", "inside"));
            e.captureMessage("a-pushed", Level.INFO);
        }
        e.withScope(s -> {
            s.setUser(Map.of("id", "u-with"));
            e.captureMessage("b-with", Level.INFO);
        });
        e.captureMessage("c-after", Level.INFO);
        List<Map<String, Object>> items = sent(3);
        assertThat(items.get(0)).containsEntry("tags", Map.of("outer", "1", "inner", "2"));
        assertThat((List<?>) items.get(0).get("breadcrumbs")).hasSize(1);
        assertThat(items.get(1)).containsEntry("user", Map.of("id", "u-with"));
        assertThat(items.get(2)).containsEntry("tags", Map.of("outer", "1")).doesNotContainKey("user");
        assertThat(items.get(2).get("breadcrumbs")).isIn(null, List.of());
    }

    @Test
    void decoratedExecutorsCarryTheSubmittersScope() throws Exception {
        ExecutorService pool = sluice.jobs().monitor("q").decorate(Executors.newSingleThreadExecutor());
        try {
            for (String user : List.of("u1", "u2")) {
                try (ScopeHandle h = sluice.errors().pushScope()) {
                    h.scope().setUser(Map.of("id", user));
                    pool.submit(() -> sluice.errors().captureMessage("job-" + user, Level.INFO)).get(10,
                            TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdown();
        }
        List<Map<String, Object>> items = sent(2);
        assertThat(items).extracting(ScopesTest::message).containsExactly("job-u1", "job-u2");
        assertThat(items.get(0)).containsEntry("user", Map.of("id", "u1"));
        assertThat(items.get(1)).containsEntry("user", Map.of("id", "u2"));
    }
}
