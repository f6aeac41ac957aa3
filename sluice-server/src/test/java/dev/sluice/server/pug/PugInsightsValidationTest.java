package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.FilterOperator;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.TimeRange;
import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.FilterGroup;
import dev.sluice.pug.proto.shared.insights.v1.Granularity;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.InsightType;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.SessionMetric;
import dev.sluice.pug.proto.shared.insights.v1.SessionQuery;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation rules and granularity caps of pug.md §6.3: each violation answers 400 invalid_argument. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class PugInsightsValidationTest {

    static final long FROM = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start(StoreKind kind) {
        s = kind.start(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    int status(InsightQuerySpec.Builder spec, Granularity g, long span) throws Exception {
        HttpResponse<byte[]> res = PugWire.unary(s, PugInsightsReferenceTest.QUERY, QueryRequest.newBuilder().setSpec(spec)
                .setTimeRange(TimeRange.newBuilder().setFrom(PugWire.ts(FROM)).setTo(PugWire.ts(FROM + span)))
                .setGranularity(g).build(), s.key(KeyKind.PUG_PRIVATE));
        if (res.statusCode() == 400) {
            assertThat(Json.MAPPER.readTree(res.body()).get("code").asText()).isEqualTo("invalid_argument");
        }
        return res.statusCode();
    }

    static InsightQuerySpec.Builder trends() {
        return InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TRENDS).addEvents(ev("a"));
    }

    static EventQuery ev(String kind) {
        return EventQuery.newBuilder().setEvent(EventFilter.newBuilder().setKind(kind)).build();
    }

    @Test
    void granularityCapsAreInclusive() throws Exception {
        Map<Granularity, Long> caps = Map.of(Granularity.GRANULARITY_MINUTE, 6 * HOUR, Granularity.GRANULARITY_HOUR, 336 * HOUR,
                Granularity.GRANULARITY_DAY, 8_760 * HOUR, Granularity.GRANULARITY_WEEK, 35_064 * HOUR,
                Granularity.GRANULARITY_MONTH, 87_660 * HOUR);
        for (Map.Entry<Granularity, Long> cap : caps.entrySet()) {
            assertThat(status(trends(), cap.getKey(), cap.getValue())).as(cap.getKey().name()).isEqualTo(200);
            assertThat(status(trends(), cap.getKey(), cap.getValue() + 1000)).as(cap.getKey().name()).isEqualTo(400);
        }
        assertThat(status(trends(), Granularity.GRANULARITY_UNSPECIFIED, HOUR)).isEqualTo(400);
        assertThat(status(trends(), Granularity.GRANULARITY_HOUR, 0)).isEqualTo(400);
        assertThat(status(trends(), Granularity.GRANULARITY_HOUR, -HOUR)).isEqualTo(400);
    }

    @Test
    void specRulesRejectEachViolation() throws Exception {
        Map<String, InsightQuerySpec.Builder> bad = new LinkedHashMap<>();
        bad.put("unspecified type", InsightQuerySpec.newBuilder());
        bad.put("six breakdowns", withBreakdowns(trends(), "a", "b", "c", "d", "e", "f"));
        bad.put("duplicate breakdowns", withBreakdowns(trends(), "a", "a"));
        bad.put("bad breakdown name", withBreakdowns(trends(), "a b"));
        bad.put("limit without breakdown", trends().setBreakdownLimit(5));
        bad.put("limit over 100", withBreakdowns(trends(), "a").setBreakdownLimit(101));
        bad.put("window on trends", trends().setConversionWindow(Duration.newBuilder().setSeconds(60)));
        bad.put("step timing on trends", trends().setIncludeStepTiming(true));
        bad.put("user_flow on trends", trends().setUserFlow(UserFlowQuery.getDefaultInstance()));
        bad.put("top_k on trends", trends().setTopK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_EVENT_KIND)));
        bad.put("sum without property", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TRENDS)
                .addEvents(ev("a").toBuilder().setAggregation(AggregationType.AGGREGATION_TYPE_SUM)));
        bad.put("sum on funnel", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_FUNNEL)
                .addEvents(ev("a").toBuilder().setAggregation(AggregationType.AGGREGATION_TYPE_SUM).setAggregationProperty("x")));
        bad.put("session with events", trends().setSession(SessionQuery.newBuilder().setMetric(SessionMetric.SESSION_METRIC_SESSIONS)));
        bad.put("entry without breakdown", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TRENDS)
                .setSession(SessionQuery.newBuilder().setMetric(SessionMetric.SESSION_METRIC_ENTRY)));
        bad.put("entry on segmentation", withBreakdowns(InsightQuerySpec.newBuilder()
                .setInsightType(InsightType.INSIGHT_TYPE_SEGMENTATION), "a")
                .setSession(SessionQuery.newBuilder().setMetric(SessionMetric.SESSION_METRIC_ENTRY)));
        bad.put("segmentation breakdown", withBreakdowns(InsightQuerySpec.newBuilder()
                .setInsightType(InsightType.INSIGHT_TYPE_SEGMENTATION).addEvents(ev("a")), "a"));
        bad.put("session without metric", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TRENDS)
                .setSession(SessionQuery.getDefaultInstance()));
        InsightQuerySpec.Builder funnel21 = InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_FUNNEL);
        for (int i = 0; i < 21; i++) {
            funnel21.addEvents(ev("s" + i));
        }
        bad.put("21 funnel steps", funnel21);
        bad.put("0 funnel steps", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_FUNNEL));
        bad.put("window with nanos", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_FUNNEL).addEvents(ev("a"))
                .setConversionWindow(Duration.newBuilder().setSeconds(1).setNanos(5)));
        bad.put("window under 1s", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_FUNNEL).addEvents(ev("a"))
                .setConversionWindow(Duration.newBuilder().setNanos(500_000_000)));
        bad.put("3 retention events", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_RETENTION)
                .addEvents(ev("a")).addEvents(ev("b")).addEvents(ev("c")));
        bad.put("flow without user_flow", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_USER_FLOW));
        bad.put("flow with events", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_USER_FLOW)
                .setUserFlow(UserFlowQuery.getDefaultInstance()).addEvents(ev("a")));
        bad.put("flow property missing", flow(UserFlowQuery.newBuilder().setNodeKind(UserFlowQuery.NodeKind.NODE_KIND_PROPERTY)));
        bad.put("flow hops 11", flow(UserFlowQuery.newBuilder().setMaxHops(11)));
        bad.put("flow nodes 1", flow(UserFlowQuery.newBuilder().setMaxNodes(1)));
        bad.put("flow links 501", flow(UserFlowQuery.newBuilder().setMaxLinks(501)));
        bad.put("top_k missing", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TOP_K));
        bad.put("top_k property missing", topK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_PROPERTY)));
        bad.put("top_k property on kind", topK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_EVENT_KIND)
                .setProperty("x")));
        bad.put("top_k sum without property", topK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_EVENT_KIND)
                .setMetric(AggregationType.AGGREGATION_TYPE_SUM)));
        bad.put("top_k user unique", topK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_USER)
                .setMetric(AggregationType.AGGREGATION_TYPE_UNIQUE_USERS)));
        bad.put("top_k limit 101", topK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_USER).setLimit(101)));
        bad.put("empty filter group", trends().addFilterGroups(FilterGroup.getDefaultInstance()));
        bad.put("filter without operator", trends().addFilterGroups(FilterGroup.newBuilder()
                .addFilters(PropertyFilter.newBuilder().setProperty("a").setValue("b"))));
        bad.put("between reversed", trends().addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder()
                .setProperty("a").setOperator(FilterOperator.FILTER_OPERATOR_BETWEEN).addValues("5").addValues("1"))));
        bad.put("gt non-number", trends().addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder()
                .setProperty("a").setOperator(FilterOperator.FILTER_OPERATOR_GT).setValue("x"))));
        bad.put("is_set with value", trends().addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder()
                .setProperty("a").setOperator(FilterOperator.FILTER_OPERATOR_IS_SET).setValue("x"))));
        bad.put("equals with values", trends().addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder()
                .setProperty("a").setOperator(FilterOperator.FILTER_OPERATOR_EQUALS).setValue("x").addValues("y"))));
        bad.put("bad kind", InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TRENDS).addEvents(ev("a b")));
        for (Map.Entry<String, InsightQuerySpec.Builder> b : bad.entrySet()) {
            assertThat(status(b.getValue(), Granularity.GRANULARITY_HOUR, HOUR)).as(b.getKey()).isEqualTo(400);
        }
        // And the valid neighbours pass.
        assertThat(status(flow(UserFlowQuery.newBuilder().setNodeKind(UserFlowQuery.NodeKind.NODE_KIND_PROPERTY)
                .setNodeProperty("$path").setMaxHops(10).setMaxNodes(2).setMaxLinks(500)), Granularity.GRANULARITY_HOUR, HOUR))
                .isEqualTo(200);
        assertThat(status(topK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_PROPERTY).setProperty("p")
                .setMetric(AggregationType.AGGREGATION_TYPE_MAX).setMetricProperty("n").setLimit(100)),
                Granularity.GRANULARITY_HOUR, HOUR)).isEqualTo(200);
        assertThat(status(withBreakdowns(InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TRENDS), "p")
                .setSession(SessionQuery.newBuilder().setMetric(SessionMetric.SESSION_METRIC_EXIT)),
                Granularity.GRANULARITY_HOUR, HOUR)).isEqualTo(200);
    }

    static InsightQuerySpec.Builder withBreakdowns(InsightQuerySpec.Builder spec, String... properties) {
        for (String p : properties) {
            spec.addBreakdowns(Breakdown.newBuilder().setProperty(p));
        }
        return spec;
    }

    static InsightQuerySpec.Builder flow(UserFlowQuery.Builder q) {
        return InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_USER_FLOW).setUserFlow(q);
    }

    static InsightQuerySpec.Builder topK(TopKQuery.Builder q) {
        return InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TOP_K).setTopK(q);
    }
}
