package dev.sluice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoTest {

    private static String hex(ProtoWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    @Test
    void scalarEncodingsMatchTheProtobufSpec() {
        assertThat(hex(new ProtoWriter().int64(1, 150))).isEqualTo("089601");           // the spec's example
        assertThat(hex(new ProtoWriter().int64(2, -1))).isEqualTo("10ffffffffffffffffff01");
        assertThat(hex(new ProtoWriter().string(2, "testing"))).isEqualTo("120774657374696e67");
        assertThat(hex(new ProtoWriter().dbl(3, 1.0))).isEqualTo("19000000000000f03f");
        assertThat(hex(new ProtoWriter().bool(4, true))).isEqualTo("2001");
        assertThat(hex(new ProtoWriter().packed(4, new long[] {3, 270, 86942}))).isEqualTo("2206038e029ea705");
    }

    @Test
    void epochTimestampIsAnEmptyButPresentMessage() {
        assertThat(hex(new ProtoWriter().message(5, ProtoWriter.timestamp(Instant.EPOCH)))).isEqualTo("2a00");
        ProtoReader r = new ProtoReader(new ProtoWriter().message(6,
                ProtoWriter.timestamp(Instant.parse("2026-01-01T00:00:00.5Z"))).toByteArray());
        assertThat(r.next()).isTrue();
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00.5Z"));
    }

    @Test
    void structRoundTripsWithNumbersAsDoubles() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", "pro");
        m.put("seats", 3);
        m.put("admin", true);
        m.put("nothing", null);
        m.put("nested", Map.of("a", 1));
        m.put("list", List.of("x", 2));
        ProtoReader r = new ProtoReader(new ProtoWriter().message(2, ProtoWriter.struct(m)).toByteArray());
        r.next();
        Map<String, Object> back = r.struct();
        assertThat(back).containsEntry("plan", "pro").containsEntry("seats", 3.0).containsEntry("admin", true)
                .containsEntry("nested", Map.of("a", 1.0)).containsEntry("list", List.of("x", 2.0));
        assertThat(back).containsKey("nothing");
        assertThat(back.get("nothing")).isNull();
    }

    @Test
    void packedAndUnpackedAreBothReadAndUnknownFieldsSkipped() {
        ProtoWriter w = new ProtoWriter().packed(1, new long[] {1, 2}).int64(1, 3).dbl(9, 2.5).int64(2, 7);
        ProtoReader r = new ProtoReader(w.toByteArray());
        List<Long> ones = new java.util.ArrayList<>();
        long two = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> ones.addAll(r.packedOrSingle());
                case 2 -> two = r.varint();
                default -> r.skip();
            }
        }
        assertThat(ones).containsExactly(1L, 2L, 3L);
        assertThat(two).isEqualTo(7);
    }
}
