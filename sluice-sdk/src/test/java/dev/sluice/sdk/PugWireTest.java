package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sdk.internal.ProtoReader;
import dev.sluice.sdk.internal.ProtoWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pug over Connect as a loopback stub decodes it: BatchCreate, Identify, errors and the read clients. */
class PugWireTest {

    private static final String BATCH = "/sdk.events.v1.EventsService/BatchCreate";
    private final StubServer stub = new StubServer(req -> StubServer.Resp.proto(new byte[0]));
    private final Recorder recorder = new Recorder();
    private final Sluice sluice = Sluice.builder().endpoint(stub.url()).pugKey("prv_test_123")
            .batch(new BatchConfig(100, 20, 1000)).retry(3, Duration.ofMillis(10), Duration.ofMillis(50),
                    Duration.ofSeconds(30)).onError(recorder).build();

    @AfterEach
    void close() {
        sluice.close();
        stub.close();
    }

    private List<Map<String, Object>> events() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StubServer.Req r : stub.requests(BATCH)) {
            out.addAll(dev.sluice.sdk.internal.PugEncoderTestAccess.decodeBatch(r.body()));
        }
        return out;
    }

    @Test
    void trackSendsBatchCreateAndDropsInvalidEventsWithAReason() {
        Analytics a = sluice.analytics();
        a.track("user_42", "order.completed", Map.of("amount", 49, "currency", "USD"));
        a.track("user_42", PugEvents.purchase().amount(10).currency("USD").orderId("o1").quantity(1).build());
        a.track("user_42", PugEvents.featureUsed("f1").featureName("export").extra("extra_prop", "x").build());
        a.track("user_42", "feature_used", Map.of("feature_name", "export"));     // missing featureId
        a.track("user_42", "bad kind!", Map.of());
        a.track("", "x", Map.of());
        a.track("user_42", "x", Map.of("$lib", "mine"));
        a.track("user_42", "purchase", Map.of("currency", "usd"));
        a.track("user_42", "old", Map.of(), TrackOptions.at(Instant.EPOCH));
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();

        List<Map<String, Object>> events = events();
        assertThat(events).extracting(e -> e.get("kind"))
                .containsExactly("order.completed", "purchase", "feature_used", "old");
        assertThat(events.get(1).get("custom")).isEqualTo(Map.of("amount", "double:10.0", "currency", "string:USD",
                "orderId", "string:o1", "quantity", "int:1"));
        assertThat(events.get(2).get("custom")).isEqualTo(Map.of("featureId", "string:f1",
                "featureName", "string:export", "extra_prop", "string:x"));
        assertThat(events.get(3).get("occur_time")).isEqualTo(Instant.EPOCH);
        assertThat(events).extracting(e -> e.get("session_id")).containsOnly(a.sessionId().toString());
        assertThat(recorder.reasons()).containsOnly(DropReason.INVALID).hasSize(5);
        StubServer.Req req = stub.requests(BATCH).get(0);
        assertThat(req.header("x-api-key")).isEqualTo("prv_test_123");
        assertThat(req.header("content-type")).isEqualTo("application/proto");
        assertThat(req.header("connect-protocol-version")).isEqualTo("1");
        assertThat(req.header("connect-timeout-ms")).isEqualTo("10000");
    }

    @Test
    void identifyIsDeliveredAsAStruct() {
        boolean ok = sluice.identify("ext-1", Map.of("plan", "pro"), new IdentifyOptions(
                java.util.Optional.of("anon-7"), java.util.Optional.empty())).toCompletableFuture().join();
        assertThat(ok).isTrue();
        ProtoReader r = new ProtoReader(stub.requests("/sdk.profiles.v1.ProfilesSDKService/Identify").get(0).body());
        List<String> seen = new ArrayList<>();
        while (r.next()) {
            seen.add(r.field() + "=" + (r.field() == 2 ? r.struct() : r.string()));
        }
        assertThat(seen).containsExactly("1=ext-1", "2={plan=pro}", "3=anon-7");
        assertThat(sluice.identify("x", Map.of(), new IdentifyOptions(java.util.Optional.of("nope"),
                java.util.Optional.empty())).toCompletableFuture().join()).isFalse();
    }

    @Test
    void invalidArgumentIsDeadLetteredWithItsConnectCodeAndUnavailableIsRetriedWithTheSameBytes() {
        AtomicInteger calls = new AtomicInteger();
        stub.respond(req -> calls.incrementAndGet() == 1
                ? StubServer.Resp.json(503, "{\"code\":\"unavailable\",\"message\":\"busy\"}")
                : StubServer.Resp.proto(new byte[0]));
        sluice.track("u", "retry_me", Map.of());
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        List<StubServer.Req> sent = stub.requests(BATCH);
        assertThat(sent).hasSize(2);
        assertThat(Arrays.equals(sent.get(0).body(), sent.get(1).body())).as("same event_id on retry").isTrue();

        stub.respond(req -> StubServer.Resp.json(400, "{\"code\":\"invalid_argument\",\"message\":\"bad batch\"}"));
        sluice.track("u", "rejected", Map.of());
        assertThat(sluice.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(recorder.reasons()).containsExactly(DropReason.REJECTED);
        assertThat(recorder.errors.get(0).message()).contains("invalid_argument").contains("bad batch");
        assertThat(stub.requests(BATCH)).hasSize(3); // never retried
        assertThat(sluice.stats().of(Family.ANALYTICS).delivered()).isEqualTo(1);
    }

    private static byte[] profile(String id, String external) {
        return new ProtoWriter().string(3, id).string(2, external)
                .message(4, ProtoWriter.struct(Map.of("plan", "pro"))).toByteArray();
    }

    private static byte[] envelope(int flags, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
    }

    @Test
    void profileReadsThrowConnectCodesAndListPaginates() {
        stub.respond(req -> switch (req.path()) {
            case "/shared.profiles.v1.ProfilesService/Get" -> new String(req.body(), StandardCharsets.UTF_8).contains("p1")
                    ? StubServer.Resp.proto(new ProtoWriter().bytes(1, profile("p1", "ext-1")).toByteArray())
                    : StubServer.Resp.json(404, "{\"code\":\"not_found\",\"message\":\"no such profile\"}");
            case "/shared.profiles.v1.ProfilesService/List" -> {
                boolean second = req.body().length > 5; // a page_token was sent
                byte[] page1 = new ProtoWriter().bytes(1, profile("a", "ea")).toByteArray();
                byte[] page2 = new ProtoWriter().bytes(1, profile("b", "eb")).string(2, second ? "" : "tok")
                        .toByteArray();
                byte[] page3 = new ProtoWriter().bytes(1, profile("c", "ec")).toByteArray();
                byte[] end = "{}".getBytes(StandardCharsets.UTF_8);
                ByteBuffer b = ByteBuffer.allocate(1000);
                if (second) {
                    b.put(envelope(0, page3));
                } else {
                    b.put(envelope(0, page1)).put(envelope(0, page2));
                }
                b.put(envelope(2, end));
                yield new StubServer.Resp(200, Map.of("Content-Type", "application/connect+proto"),
                        Arrays.copyOf(b.array(), b.position()));
            }
            default -> StubServer.Resp.json(501, "{\"code\":\"unimplemented\"}");
        });
        Profile p = sluice.analytics().profiles().get("p1");
        assertThat(p.id()).isEqualTo("p1");
        assertThat(p.externalId()).isEqualTo("ext-1");
        assertThat(p.properties()).isEqualTo(Map.of("plan", "pro"));
        assertThatThrownBy(() -> sluice.analytics().profiles().get("zz")).isInstanceOfSatisfying(
                SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo("not_found");
                    assertThat(e.codeNumber()).isEqualTo(5);
                });
        List<String> ids = new ArrayList<>();
        sluice.analytics().profiles().list().forEach(pr -> ids.add(pr.id()));
        assertThat(ids).containsExactly("a", "b", "c");
        StubServer.Req list = stub.requests("/shared.profiles.v1.ProfilesService/List").get(0);
        assertThat(list.header("content-type")).isEqualTo("application/connect+proto");
        assertThat(list.body()).containsExactly(0, 0, 0, 0, 0); // an empty ListRequest, enveloped
        assertThatThrownBy(() -> sluice.analytics().reads().unary("/shared.insights.v1.InsightsService/Query",
                new byte[0])).isInstanceOfSatisfying(SluiceException.class,
                        e -> assertThat(e.code()).isEqualTo("unimplemented"));
    }

    @Test
    void streamErrorsSurfaceAsExceptions() {
        stub.respond(req -> new StubServer.Resp(200, Map.of("Content-Type", "application/connect+proto"),
                envelope(2, "{\"error\":{\"code\":\"permission_denied\",\"message\":\"no\"}}"
                        .getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> sluice.analytics().profiles().list().iterator().hasNext())
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.codeNumber()).isEqualTo(7));
    }

    @Test
    void activityFeedAndSegmentUsersFollowPageTokens() {
        stub.respond(req -> {
            boolean second = new String(req.body(), StandardCharsets.ISO_8859_1).contains("tok");
            if (req.path().endsWith("/GetActivityFeed")) {
                ProtoWriter event = new ProtoWriter().string(1, second ? "e2" : "e1").string(2, "signup")
                        .string(3, "user_42").message(4, ProtoWriter.timestamp(Instant.EPOCH))
                        .message(7, ProtoWriter.struct(Map.of("plan", "pro")));
                ProtoWriter page = new ProtoWriter().message(1, event);
                if (!second) {
                    page.string(2, "tok");
                }
                return StubServer.Resp.proto(page.toByteArray());
            }
            ProtoWriter page = new ProtoWriter().string(1, second ? "u3" : "u1");
            if (!second) {
                page.string(1, "u2").string(2, "tok");
            }
            return StubServer.Resp.proto(page.toByteArray());
        });
        List<String> events = new ArrayList<>();
        sluice.analytics().reads().activityFeed("user_42", 1).forEach(e -> events.add(e.eventId() + ":"
                + e.kind() + ":" + e.customProperties()));
        assertThat(events).containsExactly("e1:signup:{plan=pro}", "e2:signup:{plan=pro}");
        List<String> users = new ArrayList<>();
        sluice.analytics().reads().segmentUsers(Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"), "signup")
                .forEach(users::add);
        assertThat(users).containsExactly("u1", "u2", "u3");
        ProtoReader first = new ProtoReader(stub.requests("/shared.insights.v1.InsightsService/SegmentUsers")
                .get(0).body());
        List<Integer> fields = new ArrayList<>();
        while (first.next()) {
            fields.add(first.field());
            first.skip();
        }
        assertThat(fields).containsExactly(1, 2);
    }
}
