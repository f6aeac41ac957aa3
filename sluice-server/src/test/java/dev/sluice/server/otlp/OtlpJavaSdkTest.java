package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry Java SDK's OTLP/HTTP exporter (1.68.0, protobuf, gzip) against the real server: a trace
 * becomes a transaction with its child spans, the recorded exception an issue, the gen_ai span a priced AI
 * generation — all linked by the trace id.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OtlpJavaSdkTest {

    @TempDir
    Path dir;

    @Test
    void tracesFromTheOfficialExporterBecomeTransactionsErrorsAndGenerations(StoreKind kind) {
        try (TestServer server = kind.start(dir)) {
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(server.baseUrl() + "/v1/traces").setCompression("gzip")
                    .addHeader("Authorization", "Bearer " + server.key(KeyKind.OPENSENTRY)).build();
            Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                    AttributeKey.stringKey("service.name"), "shop", AttributeKey.stringKey("service.version"), "3.1.0",
                    AttributeKey.stringKey("deployment.environment.name"), "prod")));
            SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
            String traceId;
            try {
                Tracer tracer = provider.get("test");
                Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
                        .setAttribute("http.request.method", "GET").startSpan();
                traceId = root.getSpanContext().getTraceId();
                try (Scope ignored = root.makeCurrent()) {
                    tracer.spanBuilder("SELECT carts").setSpanKind(SpanKind.CLIENT)
                            .setAttribute("db.system", "postgresql").startSpan().end();
                    Span llm = tracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
                            .setAttribute("gen_ai.system", "openai").setAttribute("gen_ai.operation.name", "chat")
                            .setAttribute("gen_ai.request.model", "gpt-4o-mini")
                            .setAttribute("gen_ai.usage.input_tokens", 1000L)
                            .setAttribute("gen_ai.usage.output_tokens", 200L).startSpan();
                    llm.end();
                    Span charge = tracer.spanBuilder("charge card").startSpan();
                    charge.recordException(new IllegalStateException("card 4242 declined"));
                    charge.setStatus(StatusCode.ERROR);
                    charge.end();
                } finally {
                    root.end();
                }
                assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            } finally {
                provider.shutdown().join(10, TimeUnit.SECONDS);
            }

            ApiClient api = new ApiClient(server.baseUrl(), server.adminToken());
            JsonNode tx = api.get("/api/projects/default/transactions?name=GET%20/checkout").get("items").get(0);
            assertThat(tx.get("traceId").asText()).isEqualTo(traceId);
            assertThat(tx.get("environment").asText()).isEqualTo("prod");
            assertThat(tx.get("release").asText()).isEqualTo("3.1.0");
            assertThat(tx.get("spans")).extracting(s -> s.get("op").asText())
                    .containsExactlyInAnyOrder("db", "gen_ai.chat", "internal");

            List<JsonNode> issues = api.issues();
            assertThat(issues).singleElement().satisfies(i ->
                    assertThat(i.get("title").asText()).isEqualTo("java.lang.IllegalStateException: card 4242 declined"));
            JsonNode event = api.events(issues.get(0).get("id").asText()).get(0);
            assertThat(event.get("traceId").asText()).isEqualTo(traceId);
            assertThat(event.at("/exception/stacktrace/frames/0/function").asText())
                    .contains("tracesFromTheOfficialExporterBecomeTransactionsErrorsAndGenerations");

            JsonNode usage = api.get("/api/projects/default/ai/usage").get("items").get(0);
            assertThat(usage.get("provider").asText()).isEqualTo("openai");
            assertThat(usage.get("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(usage.get("inputTokens").asLong()).isEqualTo(1000);
            assertThat(usage.get("outputTokens").asLong()).isEqualTo(200);
            assertThat(usage.get("costUsd").asDouble()).isPositive();
        }
    }
}
