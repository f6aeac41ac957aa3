package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;

/**
 * Valid OTLP exports that touch every mapping (a trace with a child span, an exception event and a gen_ai
 * span; logs with nested attribute values), in both encodings: the starting points the fuzzers mutate.
 */
final class OtlpSamples {

    static final String TRACE = "5b8efff798038103d269b633813fc60c";
    static final String ROOT = "eee19b7ec3c1b174";
    static final String CHILD = "aaa19b7ec3c1b174";
    static final String GEN = "bbb19b7ec3c1b174";

    private OtlpSamples() {
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    static AnyValue num(long n) {
        return AnyValue.newBuilder().setIntValue(n).build();
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static Resource resource() {
        return Resource.newBuilder().addAttributes(kv("service.name", str("checkout")))
                .addAttributes(kv("deployment.environment.name", str("prod")))
                .addAttributes(kv("service.version", str("1.2.3"))).build();
    }

    static byte[] tracesProto() {
        long t0 = 1_700_000_000_000_000_000L;
        Span root = Span.newBuilder().setTraceId(id(TRACE)).setSpanId(id(ROOT)).setName("GET /cart")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(t0).setEndTimeUnixNano(t0 + 250_000_000L)
                .addAttributes(kv("http.request.method", str("GET")))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(t0 + 1)
                        .addAttributes(kv("exception.type", str("java.lang.IllegalStateException")))
                        .addAttributes(kv("exception.message", str("cart is gone")))
                        .addAttributes(kv("exception.stacktrace", str("java.lang.IllegalStateException: cart is gone\n"
                                + "\tat shop.Cart.load(Cart.java:42)\n\tat shop.Api.get(Api.java:7)\n"))))
                .build();
        Span child = Span.newBuilder().setTraceId(id(TRACE)).setSpanId(id(CHILD)).setParentSpanId(id(ROOT))
                .setName("SELECT cart").setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(t0 + 10)
                .setEndTimeUnixNano(t0 + 20_000_000L).addAttributes(kv("db.system.name", str("postgresql"))).build();
        Span gen = Span.newBuilder().setTraceId(id(TRACE)).setSpanId(id(GEN)).setParentSpanId(id(ROOT))
                .setName("chat gpt-4o").setStartTimeUnixNano(t0 + 30).setEndTimeUnixNano(t0 + 90_000_000L)
                .addAttributes(kv("gen_ai.operation.name", str("chat")))
                .addAttributes(kv("gen_ai.provider.name", str("openai")))
                .addAttributes(kv("gen_ai.request.model", str("gpt-4o")))
                .addAttributes(kv("gen_ai.usage.input_tokens", num(120)))
                .addAttributes(kv("gen_ai.usage.output_tokens", num(30))).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource())
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(root).addSpans(child).addSpans(gen))).build()
                .toByteArray();
    }

    static byte[] logsProto() {
        AnyValue nested = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(kv("ids", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(num(1))
                        .addValues(str("two")).addValues(AnyValue.newBuilder().setDoubleValue(3.5))).build()))
                .addValues(kv("ok", AnyValue.newBuilder().setBoolValue(true).build()))).build();
        LogRecord info = LogRecord.newBuilder().setTimeUnixNano(1_700_000_000_000_000_000L).setSeverityNumberValue(9)
                .setBody(str("invoice 17 sent")).addAttributes(kv("invoice", str("17"))).build();
        LogRecord error = LogRecord.newBuilder().setObservedTimeUnixNano(1_700_000_001_000_000_000L)
                .setSeverityNumberValue(17).setSeverityText("ERROR").setBody(nested).setTraceId(id(TRACE))
                .setSpanId(id(ROOT)).addAttributes(kv("bytes", AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(new byte[] {0, 1, 2})).build())).build();
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(resource())
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(info).addLogRecords(error))).build().toByteArray();
    }

    static String tracesJson() {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"api\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},\"spans\":[{\"traceId\":\"" + TRACE + "\","
                + "\"spanId\":\"" + ROOT + "\",\"name\":\"GET /\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\","
                + "\"endTimeUnixNano\":\"1700000000250000000\",\"status\":{\"code\":2},\"events\":[{\"name\":\"exception\","
                + "\"attributes\":[{\"key\":\"exception.type\",\"value\":{\"stringValue\":\"E\"}}]}]},"
                + "{\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + CHILD + "\",\"parentSpanId\":\"" + ROOT + "\","
                + "\"name\":\"db\",\"kind\":\"SPAN_KIND_CLIENT\",\"startTimeUnixNano\":1700000000000000001,"
                + "\"endTimeUnixNano\":\"1700000000100000000\",\"attributes\":[{\"key\":\"gen_ai.request.model\","
                + "\"value\":{\"stringValue\":\"gpt-4o\"}},{\"key\":\"gen_ai.usage.input_tokens\",\"value\":"
                + "{\"intValue\":\"12\"}}]}]}]}]}";
    }

    static String logsJson() {
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"api\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1700000000000000000\","
                + "\"severityNumber\":17,\"body\":{\"stringValue\":\"db down\"},\"traceId\":\"" + TRACE + "\","
                + "\"spanId\":\"" + ROOT + "\",\"attributes\":[{\"key\":\"k\",\"value\":{\"kvlistValue\":{\"values\":"
                + "[{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":[{\"intValue\":1},{\"doubleValue\":2.5}]}}}]}}}]},"
                + "{\"observedTimeUnixNano\":\"1700000000000000001\",\"severityText\":\"warn\",\"body\":{\"bytesValue\":"
                + "\"AAEC\"}}]}]}]}";
    }

    /** Posts {@code spans} as one OTLP/protobuf export to {@code s} and expects 200. */
    static void export(TestServer s, Span... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span sp : spans) {
            scope.addSpans(sp);
        }
        HttpResponse<String> r = s.post("/v1/traces", ExportTraceServiceRequest.newBuilder().addResourceSpans(
                ResourceSpans.newBuilder().setResource(resource()).addScopeSpans(scope)).build().toByteArray(),
                Map.of("Content-Type", "application/x-protobuf", "X-Open-Sentry-Key", s.key(KeyKind.OPENSENTRY)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
