package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.server.SluiceServerTest;
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
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random OTLP exports against the real server on both stores: traces and logs in protobuf and JSON whose
 * fields take hostile values (NUL bytes, emoji, 40k-character strings, NaN, extreme and negative times, odd
 * severities, ids of the wrong length, nesting past protobuf's limit), plus raw byte noise. Properties: never a
 * 5xx; refused exports store nothing; the stored spans and log records equal exactly what was acknowledged
 * (every span is its own root here, so one accepted span is one transaction).
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class OtlpRandomBodiesTest {

    private static final long SEED = 20261130L;
    private static final int REQUESTS = 250;
    private static final String[] STRINGS = {"", "\u0000", "a\u0000b", "\uD83D\uDE00 ok", "x".repeat(40_000),
        "\u202Eevil", "NaN", "<script>alert(1)</script>", "'; DROP TABLE log_records; --", "\\u0000", "é"};

    /** Deeper than the server's own mapper allows, so over-deep exports reach the server and are refused there. */
    private static final ObjectMapper DEEP = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(5_000).build()).build()).build();

    private final Random random = new Random(SEED);
    private long nextId = 1;

    @Test
    void randomExportsNeverFailTheServerAndStoreExactlyWhatWasAccepted(TestServer s) throws Exception {
        String key = s.key(KeyKind.OPENSENTRY);
        long acceptedSpans = 0;
        long acceptedLogs = 0;
        for (int i = 0; i < REQUESTS; i++) {
            boolean traces = random.nextBoolean();
            boolean json = random.nextInt(3) == 0;
            int spansOrRecords = 1 + random.nextInt(5);
            int validSpans = 0;
            byte[] body;
            if (random.nextInt(12) == 0) {
                body = new byte[random.nextInt(200)];
                random.nextBytes(body);
                spansOrRecords = -1;
            } else if (traces) {
                ScopeSpans.Builder scope = ScopeSpans.newBuilder();
                for (int k = 0; k < spansOrRecords; k++) {
                    Span span = span();
                    validSpans += span.getTraceId().size() == 16 && span.getSpanId().size() == 8 ? 1 : 0;
                    scope.addSpans(span);
                }
                body = encode(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource()).addScopeSpans(scope)).build(), json);
            } else {
                ScopeLogs.Builder scope = ScopeLogs.newBuilder();
                for (int k = 0; k < spansOrRecords; k++) {
                    scope.addLogRecords(logRecord());
                }
                body = encode(ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(resource()).addScopeLogs(scope)).build(), json);
            }
            HttpResponse<String> res = s.post(traces ? "/v1/traces" : "/v1/logs", body, Map.of("Content-Type",
                    json ? "application/json" : "application/x-protobuf", "Authorization", "Bearer " + key));
            assertThat(res.statusCode()).as("request %d (%s, %s)", i, traces ? "traces" : "logs", json ? "json" : "proto")
                    .isIn(200, 400);
            if (res.statusCode() == 200 && spansOrRecords > 0) {
                if (traces) {
                    acceptedSpans += validSpans;
                } else {
                    acceptedLogs += spansOrRecords;
                }
            }
        }
        assertThat(count(s, "transactions")).isEqualTo(acceptedSpans);
        assertThat(count(s, "log_records")).isEqualTo(acceptedLogs);
        assertThat(acceptedSpans).as("the mutations leave most exports valid").isGreaterThan(REQUESTS / 4);
        assertThat(acceptedLogs).isGreaterThan(REQUESTS / 4);
    }

    private Resource resource() {
        return Resource.newBuilder().addAttributes(kv("service.name", anyValue(0)))
                .addAttributes(kv("deployment.environment.name", anyValue(0))).build();
    }

    private Span span() {
        long start = time();
        Span.Builder b = Span.newBuilder().setTraceId(id(16)).setSpanId(id(8)).setName(string())
                .setKindValue(random.nextInt(8) - 1).setStartTimeUnixNano(start).setEndTimeUnixNano(time());
        for (int a = random.nextInt(4); a > 0; a--) {
            b.addAttributes(kv(random.nextBoolean() ? "gen_ai.request.model" : string(), anyValue(0)));
        }
        if (random.nextInt(3) == 0) {
            b.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(time())
                    .addAttributes(kv("exception.type", anyValue(0))).addAttributes(kv("exception.stacktrace",
                            str(string() + "\n\tat a.B.c(" + string() + ":" + random.nextInt() + ")"))));
        }
        return b.build();
    }

    private LogRecord logRecord() {
        LogRecord.Builder b = LogRecord.newBuilder().setTimeUnixNano(time()).setObservedTimeUnixNano(time())
                .setSeverityNumberValue(random.nextInt(40) - 5).setSeverityText(string()).setBody(anyValue(0));
        if (random.nextBoolean()) {
            b.setTraceId(id(16)).setSpanId(id(8));
        }
        for (int a = random.nextInt(5); a > 0; a--) {
            b.addAttributes(kv(string(), anyValue(0)));
        }
        return b.build();
    }

    /** Right-sized and unique most of the time; now and then the wrong length (a refused span). */
    private ByteString id(int size) {
        int n = random.nextInt(15) == 0 ? random.nextInt(20) : size;
        ByteBuffer b = ByteBuffer.allocate(Math.max(n, 8));
        b.putLong(nextId++);
        return ByteString.copyFrom(b.array(), 0, n);
    }

    private long time() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> -1; // fixed64: the largest unsigned value
            case 2 -> Long.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            default -> 1_700_000_000_000_000_000L + random.nextLong(1_000_000_000_000L);
        };
    }

    private String string() {
        return random.nextInt(3) == 0 ? STRINGS[random.nextInt(STRINGS.length)] : "s" + random.nextInt(1000);
    }

    private AnyValue anyValue(int depth) {
        if (depth > 0 && random.nextInt(30) == 0) {
            return deep(150); // past protobuf's recursion limit of 100
        }
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> AnyValue.newBuilder().setIntValue(random.nextBoolean() ? Long.MIN_VALUE : random.nextLong()).build();
            case 1 -> AnyValue.newBuilder().setDoubleValue(new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0,
                1e308, 0.1}[random.nextInt(5)]).build();
            case 2 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
            case 3 -> AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, (byte) 0xff})).build();
            case 4 -> AnyValue.getDefaultInstance();
            case 6 -> AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(anyValue(depth + 1))
                    .addValues(anyValue(depth + 1))).build();
            case 7 -> AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                    .addValues(kv(string(), anyValue(depth + 1)))).build();
            default -> str(string());
        };
    }

    private static AnyValue deep(int depth) {
        AnyValue v = str("bottom");
        for (int i = 0; i < depth; i++) {
            v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
        }
        return v;
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    /** Protobuf bytes, or OTLP JSON: protobuf's JSON with trace and span ids in hex instead of base64. */
    private static byte[] encode(Message export, boolean json) throws Exception {
        if (!json) {
            return export.toByteArray();
        }
        JsonNode tree = DEEP.readTree(JsonFormat.printer().print(export));
        hexIds(tree);
        return DEEP.writeValueAsBytes(tree);
    }

    private static void hexIds(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((e.getKey().equals("traceId") || e.getKey().equals("spanId")) && e.getValue().isTextual()) {
                    e.setValue(o.textNode(HexFormat.of().formatHex(Base64.getDecoder().decode(e.getValue().textValue()))));
                } else {
                    hexIds(e.getValue());
                }
            }
        } else {
            node.forEach(OtlpRandomBodiesTest::hexIds);
        }
    }

    private static long count(TestServer s, String table) {
        return s.server().store().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
