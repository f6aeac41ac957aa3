package dev.sluice.server.otlp;

import static dev.sluice.server.otlp.OtlpSamples.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spans exported apart from their root — one request per span, as the OTel SDK's {@code SimpleSpanProcessor}
 * does — join their root's transaction whichever order they arrive in, on both stores: with the official Java
 * exporter, and with raw OTLP requests in every order (resends included). A server span below a remote parent
 * stays a transaction of its own.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OtlpSpanJoinTest {

    TestServer s;
    ApiClient api;

    @BeforeEach
    void start(TestServer server) {
        s = server;
        api = new ApiClient(s.baseUrl(), s.adminToken());
    }

    List<JsonNode> transactions(String traceId) {
        return api.all("/api/projects/default/transactions", 200).stream()
                .filter(t -> t.get("traceId").asText().equals(traceId)).toList();
    }

    @Test
    void simpleSpanProcessorSpansJoinTheirRootTransaction() {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(s.baseUrl() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + s.key(KeyKind.OPENSENTRY)).build();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        String traceId;
        try {
            Tracer tracer = provider.get("test");
            io.opentelemetry.api.trace.Span root = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET").startSpan();
            traceId = root.getSpanContext().getTraceId();
            try (Scope ignored = root.makeCurrent()) {
                tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).setAttribute("db.system", "postgresql")
                        .startSpan().end();
                io.opentelemetry.api.trace.Span render = tracer.spanBuilder("render").startSpan();
                try (Scope inner = render.makeCurrent()) {
                    tracer.spanBuilder("template").startSpan().end();
                } finally {
                    render.end();
                }
            } finally {
                root.end();
            }
            assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        List<JsonNode> txs = transactions(traceId);
        assertThat(txs).singleElement().satisfies(t -> {
            assertThat(t.get("name").asText()).isEqualTo("GET /orders");
            assertThat(t.get("spans")).extracting(sp -> sp.get("description").asText())
                    .containsExactlyInAnyOrder("SELECT orders", "render", "template");
        });
    }

    static Span span(String trace, String spanId, String parent, String name, Span.SpanKind kind) {
        long t0 = 1_700_000_000_000_000_000L;
        Span.Builder b = Span.newBuilder().setTraceId(id(trace)).setSpanId(id(spanId)).setName(name).setKind(kind)
                .setStartTimeUnixNano(t0).setEndTimeUnixNano(t0 + 5_000_000L);
        if (parent != null) {
            b.setParentSpanId(id(parent));
        }
        return b.build();
    }

    void export(Span... spans) {
        OtlpSamples.export(s, spans);
    }

    @Test
    void rawRequestsJoinInEveryOrder() {
        int[][] orders = {{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {2, 0, 1}, {1, 2, 0}, {0, 2, 1}};
        List<String> traces = new ArrayList<>();
        for (int o = 0; o < orders.length; o++) {
            String trace = String.format("%032x", 0xabc000L + o);
            traces.add(trace);
            Span[] pieces = {span(trace, "00000000000000a1", null, "root " + o, Span.SpanKind.SPAN_KIND_SERVER),
                    span(trace, "00000000000000b2", "00000000000000a1", "child", Span.SpanKind.SPAN_KIND_CLIENT),
                    span(trace, "00000000000000c3", "00000000000000b2", "grandchild", Span.SpanKind.SPAN_KIND_INTERNAL)};
            for (int i : orders[o]) {
                export(pieces[i]);
            }
            export(pieces[1]); // a client's resend changes nothing
        }
        for (int o = 0; o < orders.length; o++) {
            int order = o;
            assertThat(transactions(traces.get(o))).as("order %d", o).singleElement().satisfies(t -> {
                assertThat(t.get("name").asText()).isEqualTo("root " + order);
                assertThat(t.get("spans")).extracting(sp -> sp.get("spanId").asText() + "<" + sp.get("parentSpanId").asText())
                        .containsExactlyInAnyOrder("00000000000000b2<00000000000000a1", "00000000000000c3<00000000000000b2");
            });
        }
        // A server span under a remote parent (another service) is a transaction of its own, even alone.
        String remote = String.format("%032x", 0xdef000L);
        export(span(remote, "00000000000000d4", "00000000000000ff", "GET /stock", Span.SpanKind.SPAN_KIND_SERVER));
        assertThat(transactions(remote)).singleElement().satisfies(t -> assertThat(t.get("name").asText())
                .isEqualTo("GET /stock"));
    }

    @Test
    void spansOnACycleOfParentIdsAreStoredNotDropped() {
        // Its own parent, and two spans each naming the other: there is no root to join, so each one is a
        // transaction of its own (acknowledged spans are never dropped); a child below the pair still lands.
        String self = String.format("%032x", 0xc7c000L);
        export(span(self, "00000000000000e5", "00000000000000e5", "self", Span.SpanKind.SPAN_KIND_CLIENT));
        assertThat(transactions(self)).singleElement().satisfies(t -> assertThat(t.get("name").asText())
                .isEqualTo("self"));
        String pair = String.format("%032x", 0xc7c001L);
        export(span(pair, "00000000000000f1", "00000000000000f2", "first", Span.SpanKind.SPAN_KIND_INTERNAL),
                span(pair, "00000000000000f2", "00000000000000f1", "second", Span.SpanKind.SPAN_KIND_INTERNAL),
                span(pair, "00000000000000f3", "00000000000000f1", "below", Span.SpanKind.SPAN_KIND_INTERNAL));
        assertThat(transactions(pair)).extracting(t -> t.get("name").asText())
                .containsExactlyInAnyOrder("first", "second");
        assertThat(transactions(pair)).filteredOn(t -> t.get("name").asText().equals("first")).singleElement()
                .satisfies(t -> assertThat(t.get("spans")).extracting(sp -> sp.get("description").asText())
                        .containsExactly("below"));
    }
}
