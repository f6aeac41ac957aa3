package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateResponse;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion over raw Connect bytes: §1 transport, §2 auth, §5 rules, dedupe and restart safety. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class PugIngestContractTest {

    static final String BATCH = "/sdk.events.v1.EventsService/BatchCreate";
    static final String IDENTIFY = "/sdk.profiles.v1.ProfilesSDKService/Identify";

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start(TestServer server) {
        s = server;
    }

    @AfterEach
    void stop() {
        s.close();
    }

    String prv() {
        return s.key(KeyKind.PUG_PRIVATE);
    }

    long events() {
        return s.server().store().read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM analytics_events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static void assertError(HttpResponse<byte[]> res, int status, String code, String message) throws Exception {
        assertThat(res.statusCode()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = Json.MAPPER.readTree(res.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
    }

    @Test
    void batchIsCommittedAnsweredInProtoAndDedupedAcrossRetriesAndRestarts() throws Exception {
        BatchCreateRequest req = BatchCreateRequest.newBuilder()
                .addEvents(PugWire.event("user_42", "order.completed", 1_700_000_000_123L))
                .addEvents(PugWire.event("user_42", "page_view", 1_700_000_001_000L)).build();
        HttpResponse<byte[]> res = PugWire.unary(s, BATCH, req, prv());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/proto");
        assertThat(BatchCreateResponse.parseFrom(res.body()).getAccepted()).isEqualTo(2);
        assertThat(events()).isEqualTo(2);
        assertThat(BatchCreateResponse.parseFrom(PugWire.unary(s, BATCH, req, prv()).body()).getAccepted()).isEqualTo(2);
        assertThat(events()).isEqualTo(2);
        s = s.restart();
        assertThat(PugWire.unary(s, BATCH, req, prv()).statusCode()).isEqualTo(200);
        assertThat(events()).isEqualTo(2);
    }

    @Test
    void emptyBatchAndEmptyBodyAnswerAcceptedZero() throws Exception {
        HttpResponse<byte[]> res = PugWire.call(s, BATCH, new byte[0], Map.of("Content-Type", "application/proto",
                "x-api-key", prv()));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(BatchCreateResponse.parseFrom(res.body()).getAccepted()).isZero();
    }

    @Test
    void authFollowsTheSpecMessages() throws Exception {
        BatchCreateRequest req = BatchCreateRequest.newBuilder().addEvents(PugWire.event("u", "k", 0)).build();
        assertError(PugWire.unary(s, BATCH, req, null), 401, "unauthenticated", "x-api-key header not present");
        assertError(PugWire.unary(s, BATCH, req, "prv_00000000000000000000"), 401, "unauthenticated", "invalid API key");
        assertError(PugWire.unary(s, BATCH, req, s.key(KeyKind.OPENSENTRY)), 401, "unauthenticated", "invalid API key");
        assertError(PugWire.call(s, BATCH + "?api_key=" + prv(), req.toByteArray(),
                Map.of("Content-Type", "application/proto")), 401, "unauthenticated",
                "beacon requests only support public API keys");
        HttpResponse<byte[]> beacon = PugWire.call(s, BATCH + "?api_key=" + s.key(KeyKind.PUG_PUBLIC),
                req.toByteArray(), Map.of("Content-Type", "application/proto"));
        assertThat(beacon.statusCode()).isEqualTo(200);
        assertThat(PugWire.unary(s, BATCH, req, s.key(KeyKind.PUG_PUBLIC)).statusCode()).isEqualTo(200);
        // Reads need a private key: the spec's message, followed by what would be right.
        HttpResponse<byte[]> pubRead = PugWire.unary(s, "/shared.profiles.v1.ProfilesService/Get",
                dev.sluice.pug.proto.shared.profiles.v1.GetRequest.newBuilder().setId("x").build(),
                s.key(KeyKind.PUG_PUBLIC));
        assertError(pubRead, 401, "unauthenticated", null);
        assertThat(Json.MAPPER.readTree(pubRead.body()).get("message").asText()).startsWith("invalid API key: ")
                .contains("prv_");
        assertError(PugWire.unary(s, "/shared.profiles.v1.ProfilesService/Get",
                dev.sluice.pug.proto.shared.profiles.v1.GetRequest.newBuilder().setId("x").build(), null),
                401, "unauthenticated", "Authorization header not present");
    }

    @Test
    void everyEventRuleRejectsTheWholeBatch() throws Exception {
        Event ok = PugWire.event("u", "k", 1000);
        Map<String, UnaryOperator<Event.Builder>> breakers = new java.util.LinkedHashMap<>();
        breakers.put("id not uuid", b -> b.setEventId("nope"));
        breakers.put("no id", Event.Builder::clearEventId);
        breakers.put("kind", b -> b.setKind("bad kind"));
        breakers.put("empty kind", b -> b.setKind(""));
        breakers.put("no distinct", Event.Builder::clearDistinctId);
        breakers.put("cookieless prefix", b -> b.setDistinctId("cookieless-1"));
        breakers.put("no session", Event.Builder::clearSessionId);
        breakers.put("empty session", b -> b.setSessionId(""));
        breakers.put("no time", Event.Builder::clearOccurTime);
        breakers.put("auto without $", b -> b.putAutoProperties("lib", str("x")));
        breakers.put("custom with $", b -> b.putCustomProperties("$x", str("x")));
        breakers.put("empty value", b -> b.putCustomProperties("x", PropertyValue.getDefaultInstance()));
        breakers.put("long text", b -> b.putCustomProperties("x", str("é".repeat(1025))));
        breakers.put("nan", b -> b.putCustomProperties("x", PropertyValue.newBuilder().setDoubleValue(Double.NaN).build()));
        breakers.put("inf", b -> b.putCustomProperties("x",
                PropertyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY).build()));
        breakers.put("cookieless with distinct", b -> b.setCookieless(true));
        breakers.put("huge distinct id", b -> b.setDistinctId("é".repeat(1001)));
        breakers.put("huge kind", b -> b.setKind("k".repeat(2001)));
        breakers.put("huge key", b -> b.putCustomProperties("k".repeat(2001), str("x")));
        for (Map.Entry<String, UnaryOperator<Event.Builder>> breaker : breakers.entrySet()) {
            BatchCreateRequest req = BatchCreateRequest.newBuilder().addEvents(PugWire.event("u", "k", 0))
                    .addEvents(breaker.getValue().apply(ok.toBuilder()).build()).build();
            HttpResponse<byte[]> res = PugWire.unary(s, BATCH, req, prv());
            assertThat(res.statusCode()).as(breaker.getKey()).isEqualTo(400);
            assertError(res, 400, "invalid_argument", null);
        }
        BatchCreateRequest dup = BatchCreateRequest.newBuilder().addEvents(ok).addEvents(ok).build();
        HttpResponse<byte[]> dupRes = PugWire.unary(s, BATCH, dup, prv());
        assertError(dupRes, 400, "invalid_argument", null);
        JsonNode detail = Json.MAPPER.readTree(dupRes.body()).get("details").get(0);
        assertThat(detail.get("type").asText()).isEqualTo("google.rpc.ErrorInfo");
        assertThat(new String(java.util.Base64.getDecoder().decode(detail.get("value").asText()), StandardCharsets.UTF_8))
                .contains("INVALID_EVENT_BATCH");
        BatchCreateRequest.Builder big = BatchCreateRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            big.addEvents(PugWire.event("u", "k", i));
        }
        assertError(PugWire.unary(s, BATCH, big.build(), prv()), 400, "invalid_argument", null);
        assertThat(events()).isZero();
        // Accepted edge cases: exactly 1024 code points, epoch-zero timestamps, cookieless without ids.
        BatchCreateRequest edge = BatchCreateRequest.newBuilder()
                .addEvents(ok.toBuilder().putCustomProperties("x", str("😀".repeat(1024)))
                        .putCustomProperties("t", PropertyValue.newBuilder()
                                .setTimestampValue(com.google.protobuf.Timestamp.getDefaultInstance()).build()))
                .addEvents(PugWire.event("u", "k", 0).toBuilder().clearDistinctId().clearSessionId().setCookieless(true))
                .build();
        assertThat(PugWire.unary(s, BATCH, edge, prv()).statusCode()).isEqualTo(200);
        assertThat(events()).isEqualTo(2);
    }

    @Test
    void storeTroubleAnswersUnavailableAndTheRetryStoresOnce() throws Exception {
        BatchCreateRequest req = BatchCreateRequest.newBuilder().addEvents(PugWire.event("u", "k", 1000)).build();
        s.server().store().read(c -> c.createStatement().execute("ALTER TABLE analytics_events RENAME TO parked"));
        assertError(PugWire.unary(s, BATCH, req, prv()), 503, "unavailable", null);
        s.server().store().read(c -> c.createStatement().execute("ALTER TABLE parked RENAME TO analytics_events"));
        assertThat(PugWire.unary(s, BATCH, req, prv()).statusCode()).isEqualTo(200);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void aFullLogAnswersUnavailable(StoreKind kind) throws Exception {
        s.close();
        s = TestServer.start(kind.config(dir.resolve("tiny"))
                .withLimits(new dev.sluice.server.log.LocalIngestLog.Limits(8, 10, 2000)));
        BatchCreateRequest req = BatchCreateRequest.newBuilder().addEvents(PugWire.event("u", "k", 1000)).build();
        assertError(PugWire.unary(s, BATCH, req, prv()), 503, "unavailable", null);
        assertThat(events()).isZero();
    }

    @Test
    void transportErrors() throws Exception {
        assertError(PugWire.unary(s, "/sdk.devices.v1.DevicesService/Subscribe", BatchCreateRequest.getDefaultInstance(),
                prv()), 501, "unimplemented", null);
        assertError(PugWire.call(s, BATCH, new byte[] {(byte) 0xff, 0x01}, Map.of("Content-Type", "application/proto",
                "x-api-key", prv())), 400, "invalid_argument", null);
        assertError(PugWire.call(s, BATCH, new byte[8 * 1024 * 1024 + 1], Map.of("Content-Type", "application/proto",
                "x-api-key", prv())), 429, "resource_exhausted", null);
        HttpResponse<byte[]> json = PugWire.call(s, BATCH, ("{\"events\":[{\"eventId\":\"" + java.util.UUID.randomUUID()
                + "\",\"distinctId\":\"u\",\"kind\":\"k\",\"sessionId\":\"" + PugWire.SESSION
                + "\",\"occurTime\":\"2024-01-01T00:00:00Z\",\"customProperties\":{\"n\":{\"intValue\":\"5\"}}}]}")
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json", "x-api-key", prv()));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{\"accepted\":1}");
    }

    @Test
    void identifyAnswersEmpty200AndRejectsBadInput() throws Exception {
        IdentifyRequest req = IdentifyRequest.newBuilder().setExternalId("user_42").setAnonymousId("anon-1")
                .setTraits(Struct.newBuilder().putFields("plan", Value.newBuilder().setStringValue("pro").build()))
                .build();
        HttpResponse<byte[]> res = PugWire.unary(s, IDENTIFY, req, prv());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEmpty();
        assertThat(s.get("/healthz", java.util.Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(s.get("/readyz", java.util.Optional.empty()).statusCode()).isEqualTo(200);
        assertError(PugWire.unary(s, IDENTIFY, IdentifyRequest.getDefaultInstance(), prv()), 400, "invalid_argument", null);
        assertError(PugWire.unary(s, IDENTIFY, req.toBuilder().setAnonymousId("x").build(), prv()), 400,
                "invalid_argument", null);
        assertError(PugWire.unary(s, IDENTIFY, req.toBuilder().setDeviceId("d".repeat(37)).build(), prv()), 400,
                "invalid_argument", null);
    }

    static PropertyValue str(String s) {
        return PropertyValue.newBuilder().setStringValue(s).build();
    }
}
