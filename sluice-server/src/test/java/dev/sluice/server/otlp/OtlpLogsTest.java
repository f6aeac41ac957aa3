package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP logs from the OpenTelemetry Java SDK's exporter, and OTLP JSON (hex ids, integer enums) with raw HTTP:
 * stored and searchable by severity, text and trace id; metrics answered with an explicit partial success.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OtlpLogsTest {

    @TempDir
    Path dir;

    @Test
    void logsFromTheOfficialExporterAreSearchable(StoreKind kind) {
        try (TestServer server = kind.start(dir)) {
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                    .setEndpoint(server.baseUrl() + "/v1/logs").setCompression("gzip")
                    .addHeader("x-api-key", server.key(KeyKind.OPENSENTRY)).build();
            SdkLoggerProvider provider = SdkLoggerProvider.builder()
                    .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "billing")))
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build();
            try {
                Logger logger = provider.get("test");
                logger.logRecordBuilder().setSeverity(Severity.INFO).setBody("invoice 17 sent").emit();
                logger.logRecordBuilder().setSeverity(Severity.ERROR).setBody("invoice 18 failed: SMTP timeout")
                        .setAttribute(AttributeKey.stringKey("invoice"), "18").emit();
                assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            } finally {
                provider.shutdown().join(10, TimeUnit.SECONDS);
            }
            ApiClient api = new ApiClient(server.baseUrl(), server.adminToken());
            List<JsonNode> all = api.all("/api/projects/default/logs", 50);
            assertThat(all).hasSize(2);
            List<JsonNode> errors = api.all("/api/projects/default/logs?severity=error", 50);
            assertThat(errors).singleElement().satisfies(l -> {
                assertThat(l.get("body").asText()).isEqualTo("invoice 18 failed: SMTP timeout");
                assertThat(l.get("service").asText()).isEqualTo("billing");
                assertThat(l.at("/attributes/invoice").asText()).isEqualTo("18");
            });
            assertThat(api.all("/api/projects/default/logs?q=SMTP", 50)).hasSize(1);
            assertThat(api.all("/api/projects/default/logs?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", 50))
                    .isEmpty();
        }
    }

    @Test
    void jsonExportsUseHexIdsAndAreAnsweredInJson(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            Map<String, String> headers = Map.of("Content-Type", "application/json",
                    "X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY));
            String trace = "5b8efff798038103d269b633813fc60c";
            String logs = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                    + "{\"stringValue\":\"api\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1700000000000000000\","
                    + "\"severityNumber\":17,\"body\":{\"stringValue\":\"db down\"},\"traceId\":\"" + trace + "\","
                    + "\"spanId\":\"eee19b7ec3c1b174\"}]}]}]}";
            HttpResponse<String> res = s.post("/v1/logs", logs.getBytes(StandardCharsets.UTF_8), headers);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode log = new ApiClient(s.baseUrl(), s.adminToken()).all("/api/projects/default/logs?traceId=" + trace
                    + "&from=2023-01-01T00:00:00Z", 50).get(0);
            assertThat(log.get("severity").asText()).isEqualTo("ERROR");
            assertThat(log.get("spanId").asText()).isEqualTo("eee19b7ec3c1b174");

            String spans = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + trace + "\","
                    + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"GET /\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\","
                    + "\"endTimeUnixNano\":\"1700000000250000000\",\"status\":{\"code\":2}},"
                    + "{\"traceId\":\"bad\",\"spanId\":\"x\",\"name\":\"broken\"}]}]}]}";
            res = s.post("/v1/traces", spans.getBytes(StandardCharsets.UTF_8), headers);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(res.body()).at("/partialSuccess/rejectedSpans").asText()).isEqualTo("1");
            JsonNode tx = new ApiClient(s.baseUrl(), s.adminToken()).get("/api/projects/default/transactions")
                    .get("items").get(0);
            assertThat(tx.get("traceId").asText()).isEqualTo(trace);
            assertThat(tx.get("durationMs").asDouble()).isEqualTo(250.0);
            assertThat(tx.get("status").asText()).isEqualTo("error");

            String metrics = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":"
                    + "{\"dataPoints\":[{\"asInt\":\"1\"},{\"asInt\":\"2\"}]}}]}]}]}";
            res = s.post("/v1/metrics", metrics.getBytes(StandardCharsets.UTF_8), headers);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(res.body()).at("/partialSuccess/rejectedDataPoints").asText()).isEqualTo("2");

            HttpResponse<String> unauth = s.post("/v1/traces", spans.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            assertThat(unauth.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(unauth.body()).get("code").asInt()).isEqualTo(16);
            assertThat(s.post("/v1/traces", "{not json".getBytes(StandardCharsets.UTF_8), headers).statusCode())
                    .isEqualTo(400);
            assertThat(s.post("/v1/traces", new byte[] {1, 2, 3}, Map.of("Content-Type", "text/plain",
                    "Authorization", "Bearer " + s.key(KeyKind.OPENSENTRY))).statusCode()).isEqualTo(415);
        }
    }
}
