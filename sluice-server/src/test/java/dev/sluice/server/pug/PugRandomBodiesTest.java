package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.common.v1.TimeRange;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.FilterGroup;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.SessionQuery;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random Pug traffic against the real server. Ingest: valid batches whose bytes are then mutated
 * (flips, truncation, splices) or whose JSON is mangled. Properties: only 200 or 400, never a 5xx; the stored
 * events are exactly those of the batches answered 200 (decoded the way the server decodes them), so a
 * rejected batch stores nothing. Insights: random (often invalid) queries over the stored data answer 200 or
 * 400, never a 5xx.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class PugRandomBodiesTest {

    private final Random random = new Random(20261122L);

    @TempDir
    Path dir;

    @Test
    void randomBatchesNeverFailTheServerOrStoreRejectedData(StoreKind kind) throws Exception {
        try (TestServer s = kind.start(dir)) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                BatchCreateRequest valid = batch(1 + random.nextInt(5));
                byte[] body = valid.toByteArray();
                boolean json = random.nextInt(4) == 0;
                if (json) {
                    body = mangle(ConnectCodec.json(valid).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else if (random.nextInt(3) > 0) {
                    body = mangle(body);
                }
                HttpResponse<byte[]> res = PugWire.call(s, PugIngestContractTest.BATCH, body,
                        Map.of("Content-Type", json ? "application/json" : "application/proto", "x-api-key", key));
                assertThat(res.statusCode()).as("%s", new String(res.body())).isIn(200, 400);
                if (res.statusCode() == 200) {
                    BatchCreateRequest sent = (BatchCreateRequest) (json ? ConnectCodec.JSON : ConnectCodec.PROTO)
                            .decode(BatchCreateRequest.getDefaultInstance(), body);
                    sent.getEventsList().forEach(e -> expected.add(e.getEventId().toLowerCase(Locale.ROOT)));
                }
            }
            Set<String> stored = s.server().store().read(c -> {
                Set<String> ids = new HashSet<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT event_id FROM analytics_events")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            });
            assertThat(stored).isEqualTo(expected);
            assertThat(expected).isNotEmpty();

            for (int i = 0; i < 300; i++) {
                HttpResponse<byte[]> res = PugWire.unary(s, PugInsightsReferenceTest.QUERY, randomQuery(), key);
                assertThat(res.statusCode()).as("%s", new String(res.body())).isIn(200, 400);
            }
        }
    }

    private BatchCreateRequest batch(int n) {
        BatchCreateRequest.Builder b = BatchCreateRequest.newBuilder();
        for (int i = 0; i < n; i++) {
            Event e = PugWire.event("u" + random.nextInt(20), random.nextBoolean() ? "page_view" : "buy",
                    1_700_000_000_000L + random.nextInt(1_000_000_000)).toBuilder()
                    .putCustomProperties("n", PropertyValue.newBuilder().setIntValue(random.nextInt(100)).build())
                    .putCustomProperties("s", PropertyValue.newBuilder().setStringValue("v" + random.nextInt(5)).build())
                    .build();
            b.addEvents(e);
        }
        return b.build();
    }

    private byte[] mangle(byte[] body) {
        byte[] out = body.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int k = 0; k < 1 + random.nextInt(3) && out.length > 0; k++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
            default -> {
                int at = random.nextInt(out.length + 1);
                byte[] junk = new byte[1 + random.nextInt(8)];
                random.nextBytes(junk);
                byte[] spliced = new byte[out.length + junk.length];
                System.arraycopy(out, 0, spliced, 0, at);
                System.arraycopy(junk, 0, spliced, at, junk.length);
                System.arraycopy(out, at, spliced, at + junk.length, out.length - at);
                out = spliced;
            }
        }
        return out;
    }

    private QueryRequest randomQuery() {
        InsightQuerySpec.Builder spec = InsightQuerySpec.newBuilder().setInsightTypeValue(random.nextInt(8));
        for (int i = random.nextInt(4); i > 0; i--) {
            spec.addEvents(EventQuery.newBuilder().setEvent(EventFilter.newBuilder().setKind(pick("", "page_view", "buy", "b d"))
                    .addFilters(randomFilter())).setAggregationValue(random.nextInt(9))
                    .setAggregationProperty(pick("", "n", "s", "$x")));
        }
        if (random.nextBoolean()) {
            spec.addBreakdowns(Breakdown.newBuilder().setProperty(pick("s", "n", "", "s")));
        }
        spec.setBreakdownLimit(random.nextInt(3) - 1);
        if (random.nextInt(4) == 0) {
            spec.setSession(SessionQuery.newBuilder().setMetricValue(random.nextInt(8)));
        }
        if (random.nextInt(4) == 0) {
            spec.setUserFlow(UserFlowQuery.newBuilder().setNodeKindValue(random.nextInt(3)).setNodeProperty(pick("", "s"))
                    .setMaxHops(random.nextInt(12)).setMaxNodes(random.nextInt(52)).setMaxLinks(random.nextInt(3)));
        }
        if (random.nextInt(4) == 0) {
            spec.setTopK(TopKQuery.newBuilder().setDimensionValue(random.nextInt(4)).setProperty(pick("", "s", "n"))
                    .setMetricValue(random.nextInt(8)).setMetricProperty(pick("", "n")).setLimit(random.nextInt(4)));
        }
        if (random.nextInt(3) == 0) {
            spec.setConversionWindow(com.google.protobuf.Duration.newBuilder().setSeconds(random.nextInt(7200)));
            spec.setIncludeStepTiming(random.nextBoolean());
        }
        if (random.nextBoolean()) {
            spec.addFilterGroups(FilterGroup.newBuilder().addFilters(randomFilter()));
        }
        long from = 1_700_000_000_000L + random.nextInt(1_000_000_000);
        return QueryRequest.newBuilder().setSpec(spec).setGranularityValue(random.nextInt(6))
                .setTimeRange(TimeRange.newBuilder().setFrom(PugWire.ts(from))
                        .setTo(PugWire.ts(from + (long) random.nextInt(2_000_000) * random.nextInt(1000) - 1000)))
                .build();
    }

    private PropertyFilter randomFilter() {
        PropertyFilter.Builder f = PropertyFilter.newBuilder().setProperty(pick("n", "s", "$lib", "a.b", ""))
                .setOperatorValue(random.nextInt(15)).setValue(pick("", "3", "v1", "x"));
        for (int i = random.nextInt(3); i > 0; i--) {
            f.addValues(pick("1", "5", "v2", "z"));
        }
        return f.build();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
