package dev.sluice.server.otlp;

import static dev.sluice.server.otlp.OtlpSpanJoinTest.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.TransactionStats;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.alerts.AlertConfig;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.testing.FakeClock;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pieces of OTel traces whose root does not arrive within the join window, with raw OTLP requests on a server
 * whose clock the test moves, on both stores: while waiting a piece is its own transaction but out of the
 * duration histograms; after the window the sweep counts it there once (a second sweep changes nothing), and a
 * root arriving later is a transaction of its own, counted once, that leaves the orphan alone. Pieces whose
 * root comes within the window, in either order, are one transaction counted once.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OtlpOrphanTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    TestServer s;
    ApiClient api;

    void export(Span... spans) {
        OtlpSamples.export(s, spans);
    }

    List<String> transactions(String traceId) {
        return api.all("/api/projects/default/transactions", 200).stream()
                .filter(t -> t.get("traceId").asText().equals(traceId)).map(t -> t.get("name").asText()).sorted()
                .toList();
    }

    /** Histogram counts per transaction name (what the dashboard's duration charts read). */
    Map<String, Long> histograms() {
        ProjectId project = s.server().store().listProjects().stream().filter(p -> p.name().equals("default"))
                .findFirst().orElseThrow().id();
        Map<String, Long> out = new TreeMap<>();
        TransactionStats.create(s.server().store()).byName(project, Instant.parse("2023-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z")).forEach(n -> out.put(n.name(), n.count()));
        return out;
    }

    static String trace(long n) {
        return String.format("%032x", 0x0fa000L + n);
    }

    static Span root(String trace, String name) {
        return span(trace, "00000000000000a1", null, name, Span.SpanKind.SPAN_KIND_SERVER);
    }

    static Span child(String trace, String name) {
        return span(trace, "00000000000000b2", "00000000000000a1", name, Span.SpanKind.SPAN_KIND_CLIENT);
    }

    @Test
    void orphanPiecesCountOnceAfterTheJoinWindow(StoreKind kind) throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T10:00:00Z"));
        AlertConfig quiet = AlertConfig.defaults().withTimings(Duration.ofMillis(50), Duration.ofHours(1),
                Duration.ofMillis(100), Duration.ofSeconds(1), 3);
        try (TestServer server = kind.start(dir, quiet, clock)) {
            s = server;
            api = new ApiClient(s.baseUrl(), s.adminToken());
            OrphanSweeper sweeper = OrphanSweeper.create(s.server().store(), clock, WINDOW);

            // Within the window, in both orders: one transaction, counted once (by its root).
            export(child(trace(1), "child 1"));
            export(root(trace(1), "root 1"));
            export(root(trace(2), "root 2"));
            export(child(trace(2), "child 2"));
            // Roots that never come: the pieces wait, listed, out of the histograms.
            export(child(trace(3), "orphan 3"));
            export(child(trace(4), "orphan 4"));
            export(span(trace(4), "00000000000000c3", "00000000000000b2", "below 4", Span.SpanKind.SPAN_KIND_INTERNAL));
            assertThat(transactions(trace(1))).containsExactly("root 1");
            assertThat(transactions(trace(2))).containsExactly("root 2");
            assertThat(transactions(trace(3))).containsExactly("orphan 3");
            assertThat(transactions(trace(4))).containsExactly("orphan 4");
            assertThat(histograms()).isEqualTo(Map.of("root 1", 1L, "root 2", 1L));

            clock.advance(WINDOW.minusSeconds(1));
            assertThat(sweeper.runOnce()).as("still within the window").isZero();
            clock.advance(Duration.ofSeconds(2));
            assertThat(sweeper.runOnce()).isEqualTo(2);
            assertThat(sweeper.runOnce()).as("a second sweep").isZero();
            assertThat(histograms()).isEqualTo(Map.of("root 1", 1L, "root 2", 1L, "orphan 3", 1L, "orphan 4", 1L));

            // The roots arrive late: each is a transaction of its own, counted once; the orphans stay as they were.
            export(root(trace(3), "late root 3"));
            export(root(trace(4), "late root 4"));
            // A piece below an orphan's span still joins the orphan.
            export(span(trace(3), "00000000000000d4", "00000000000000b2", "below 3", Span.SpanKind.SPAN_KIND_INTERNAL));
            assertThat(transactions(trace(3))).containsExactly("late root 3", "orphan 3");
            assertThat(transactions(trace(4))).containsExactly("late root 4", "orphan 4");
            JsonNode orphan3 = api.all("/api/projects/default/transactions", 200).stream()
                    .filter(t -> t.get("name").asText().equals("orphan 3")).findFirst().orElseThrow();
            assertThat(orphan3.get("spans")).extracting(sp -> sp.get("spanId").asText())
                    .containsExactly("00000000000000b2", "00000000000000d4");
            clock.advance(WINDOW.multipliedBy(2));
            assertThat(sweeper.runOnce()).isZero();
            assertThat(histograms()).isEqualTo(Map.of("root 1", 1L, "root 2", 1L, "orphan 3", 1L, "orphan 4", 1L,
                    "late root 3", 1L, "late root 4", 1L));
            // Every transaction listed is counted exactly once.
            long listed = api.all("/api/projects/default/transactions", 200).size();
            assertThat(histograms().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(listed);
        }
    }
}
