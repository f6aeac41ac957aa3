package dev.sluice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Decodes what the encoder writes, field number by field number (pug.md §5.1, §8.7). */
class PugEncoderTest {

    private final PugEncoder encoder = new PugEncoder(URI.create("http://stub"), "prv_x", 10_000, "0.1.0");

    /** Decodes one Event into a map: field name → value; properties → map of name → "member:value". */
    static Map<String, Object> decodeEvent(ProtoReader e) {
        Map<String, Object> out = new HashMap<>();
        Map<String, String> auto = new LinkedHashMap<>();
        Map<String, String> custom = new LinkedHashMap<>();
        while (e.next()) {
            switch (e.field()) {
                case 1 -> out.put("event_id", e.string());
                case 2, 3 -> {
                    int f = e.field();
                    ProtoReader entry = e.message();
                    String k = null;
                    String v = null;
                    while (entry.next()) {
                        if (entry.field() == 1) {
                            k = entry.string();
                        } else if (entry.field() == 2) {
                            v = propertyValue(entry.message());
                        } else {
                            entry.skip();
                        }
                    }
                    (f == 2 ? auto : custom).put(k, v);
                }
                case 4 -> out.put("distinct_id", e.string());
                case 5 -> out.put("kind", e.string());
                case 6 -> out.put("occur_time", e.timestamp());
                case 7 -> out.put("session_id", e.string());
                default -> e.skip();
            }
        }
        out.put("auto", auto);
        out.put("custom", custom);
        return out;
    }

    static String propertyValue(ProtoReader v) {
        String out = "empty";
        while (v.next()) {
            out = switch (v.field()) {
                case 1 -> "string:" + v.string();
                case 2 -> "int:" + v.varint();
                case 3 -> "double:" + v.dbl();
                case 4 -> "bool:" + (v.varint() != 0);
                case 5 -> "timestamp:" + v.timestamp();
                default -> {
                    v.skip();
                    yield "unknown";
                }
            };
        }
        return out;
    }

    static List<Map<String, Object>> decodeBatch(byte[] body) {
        ProtoReader r = new ProtoReader(body);
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        while (r.next()) {
            if (r.field() == 1) {
                events.add(decodeEvent(r.message()));
            } else {
                r.skip();
            }
        }
        return events;
    }

    @Test
    void customPropertiesFollowTheNodeMapping() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("amount", 49);
        props.put("ratio", 1.5);
        props.put("whole", 49.0);
        props.put("big", new BigDecimal("10"));
        props.put("currency", "USD");
        props.put("paid", true);
        props.put("when", Instant.EPOCH);
        props.put("nested", Map.of("a", 1));
        props.put("nan", Double.NaN);
        props.put("long", "é".repeat(600));
        UUID session = UUID.randomUUID();
        PugItem.Event e = new PugItem.Event("user_42", "order.completed", props,
                Instant.parse("2026-01-01T00:00:01Z"), session, Optional.empty());
        HttpCall call = encoder.encode(List.of(e));
        assertThat(call.uri().toString()).isEqualTo("http://stub/sdk.events.v1.EventsService/BatchCreate");
        assertThat(call.headers()).containsEntry("Content-Type", "application/proto")
                .containsEntry("Connect-Protocol-Version", "1").containsEntry("x-api-key", "prv_x");
        Map<String, Object> ev = decodeBatch(call.body()).get(0);
        assertThat(UUID.fromString((String) ev.get("event_id")).version()).isEqualTo(7);
        assertThat(ev).containsEntry("distinct_id", "user_42").containsEntry("kind", "order.completed")
                .containsEntry("session_id", session.toString())
                .containsEntry("occur_time", Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(ev.get("auto")).isEqualTo(Map.of("$lib", "string:pug-java", "$sdkVersion", "string:0.1.0",
                "$platform", "string:server"));
        @SuppressWarnings("unchecked")
        Map<String, String> custom = (Map<String, String>) ev.get("custom");
        assertThat(custom).containsEntry("amount", "int:49").containsEntry("ratio", "double:1.5")
                .containsEntry("whole", "int:49").containsEntry("big", "int:10")
                .containsEntry("currency", "string:USD").containsEntry("paid", "bool:true")
                .containsEntry("when", "timestamp:1970-01-01T00:00:00Z")
                .containsEntry("nested", "string:{\"a\":1}").doesNotContainKey("nan");
        assertThat(custom.get("long")).hasSize("string:".length() + 512); // 1024 UTF-8 bytes of 2-byte chars
    }

    @Test
    void wellKnownFieldsUseTheSchemaType() {
        PugCatalog.Kind purchase = PugCatalog.typed("purchase").orElseThrow();
        Map<String, Object> props = Map.of("amount", 10, "currency", "USD", "orderId", "o1", "quantity", 1,
                "extra_prop", "x");
        assertThat(PugCatalog.validate(purchase, props)).isEmpty();
        PugItem.Event e = new PugItem.Event("u", "purchase", props, Instant.EPOCH, UUID.randomUUID(),
                Optional.of(purchase));
        @SuppressWarnings("unchecked")
        Map<String, String> custom = (Map<String, String>) decodeBatch(encoder.encode(List.of(e)).body()).get(0)
                .get("custom");
        assertThat(custom).containsEntry("amount", "double:10.0").containsEntry("currency", "string:USD")
                .containsEntry("orderId", "string:o1").containsEntry("quantity", "int:1")
                .containsEntry("extra_prop", "string:x");
    }

    @Test
    void catalogValidationCatchesWhatNodeCatches() {
        assertThat(PugCatalog.size()).isEqualTo(127);
        assertThat(PugCatalog.typedCount()).isEqualTo(114);
        PugCatalog.Kind feature = PugCatalog.typed("feature_used").orElseThrow();
        assertThat(PugCatalog.validate(feature, Map.of("feature_name", "export"))).get().asString()
                .contains("featureId is required");
        PugCatalog.Kind purchase = PugCatalog.typed("purchase").orElseThrow();
        assertThat(PugCatalog.validate(purchase, Map.of("currency", "usd"))).isPresent();
        assertThat(PugCatalog.validate(purchase, Map.of("amount", 0))).isPresent();
        PugCatalog.Kind nps = PugCatalog.typed("nps_submitted").orElseThrow();
        assertThat(PugCatalog.validate(nps, Map.of("score", 11))).isPresent();
        assertThat(PugCatalog.validate(nps, Map.of("score", 10))).isEmpty();
        assertThat(PugCatalog.typed("page_view")).isEmpty(); // web-only: treated as custom
    }

    @Test
    void identifyEncodesTraitsAsStruct() {
        PugItem.Identify id = new PugItem.Identify("ext-1", Map.of("plan", "pro", "seats", 3),
                Optional.of("anon-1"), Optional.empty(), new java.util.concurrent.CompletableFuture<>());
        HttpCall call = encoder.encode(List.of(id));
        assertThat(call.uri().getPath()).isEqualTo("/sdk.profiles.v1.ProfilesSDKService/Identify");
        ProtoReader r = new ProtoReader(call.body());
        Map<Integer, Object> fields = new HashMap<>();
        while (r.next()) {
            fields.put(r.field(), r.field() == 2 ? r.struct() : r.string());
        }
        assertThat(fields).containsEntry(1, "ext-1").containsEntry(3, "anon-1").doesNotContainKey(4);
        assertThat(fields.get(2)).isEqualTo(Map.of("plan", "pro", "seats", 3.0));
    }
}
