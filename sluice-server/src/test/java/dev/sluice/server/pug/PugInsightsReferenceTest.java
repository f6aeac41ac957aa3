package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.FilterOperator;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.common.v1.TimeRange;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.DataPoint;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.FilterGroup;
import dev.sluice.pug.proto.shared.insights.v1.FunnelStep;
import dev.sluice.pug.proto.shared.insights.v1.Granularity;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.InsightType;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.QueryResponse;
import dev.sluice.pug.proto.shared.insights.v1.RetentionCohort;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersRequest;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersResponse;
import dev.sluice.pug.proto.shared.insights.v1.SessionMetric;
import dev.sluice.pug.proto.shared.insights.v1.SessionQuery;
import dev.sluice.pug.proto.shared.insights.v1.StepTiming;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.TopKRow;
import dev.sluice.pug.proto.shared.insights.v1.TrendSeries;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.pug.InsightWorld.Ev;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Insight correctness: a seeded world is ingested over Connect, every insight type is queried, and each answer
 * must equal a brute-force reference computed from the generated data alone.
 */
class PugInsightsReferenceTest {

    static final String QUERY = "/shared.insights.v1.InsightsService/Query";
    static final long BASE = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    static final int DAYS = 10;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"sqlite,1", "sqlite,2", "postgresql,3"})
    void everyInsightMatchesTheReference(String engine, long seed) throws Exception {
        InsightWorld world = new InsightWorld(seed, 80, BASE, DAYS);
        InsightReference ref = new InsightReference(world);
        try (TestServer s = engine.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()))) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            ingest(s, key, world);

            // TRENDS: totals, unique people and sums per day; a property filter; a breakdown.
            assertSeries(trend(s, key, q("page_view", AggregationType.AGGREGATION_TYPE_TOTAL, "")),
                    ref.daily(e -> e.kind().equals("page_view"), "total"));
            assertSeries(trend(s, key, q("", AggregationType.AGGREGATION_TYPE_UNIQUE_USERS, "")),
                    ref.daily(e -> true, "unique"));
            assertSeries(trend(s, key, q("purchase", AggregationType.AGGREGATION_TYPE_SUM, "amount")),
                    ref.daily(e -> e.kind().equals("purchase"), "sum"));
            EventQuery filtered = EventQuery.newBuilder().setEvent(EventFilter.newBuilder().setKind("search")
                    .addFilters(PropertyFilter.newBuilder().setProperty("path").setOperator(FilterOperator.FILTER_OPERATOR_IN)
                            .addValues("/").addValues("/docs"))).build();
            assertSeries(trend(s, key, filtered), ref.daily(e -> e.kind().equals("search") && !e.path().equals("/pricing"), "total"));
            QueryResponse byPlan = query(s, key, spec(InsightType.INSIGHT_TYPE_TRENDS)
                    .addEvents(q("signup", AggregationType.AGGREGATION_TYPE_TOTAL, ""))
                    .addBreakdowns(Breakdown.newBuilder().setProperty("plan")).build());
            List<String> plans = new ArrayList<>();
            ref.dailyByPlan("signup").forEach((plan, daily) -> plans.add(plan));
            assertThat(byPlan.getTrends().getSeriesList()).extracting(ser -> ser.getBreakdownMap().get("plan"))
                    .containsExactlyElementsOf(plans);
            for (TrendSeries ser : byPlan.getTrends().getSeriesList()) {
                assertPoints(ser.getPointsList(), ref.dailyByPlan("signup").get(ser.getBreakdownMap().get("plan")));
            }
            // Top-level filter groups read profile-independent event properties too.
            QueryResponse firefox = query(s, key, spec(InsightType.INSIGHT_TYPE_SEGMENTATION)
                    .addEvents(q("", AggregationType.AGGREGATION_TYPE_TOTAL, ""))
                    .addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder()
                            .setProperty("$browser").setOperator(FilterOperator.FILTER_OPERATOR_EQUALS).setValue("Firefox")))
                    .build());
            assertThat(firefox.getSegmentation().getTotal())
                    .isEqualTo((double) world.inRange().stream().filter(e -> e.browser().equals("Firefox")).count());

            // Filter groups on profile properties follow aliases (merged anonymous events included).
            QueryResponse gold = query(s, key, spec(InsightType.INSIGHT_TYPE_SEGMENTATION)
                    .addEvents(q("", AggregationType.AGGREGATION_TYPE_TOTAL, ""))
                    .addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder().setProperty("tier")
                            .setSource(dev.sluice.pug.proto.common.v1.PropertySource.PROPERTY_SOURCE_PROFILE)
                            .setOperator(FilterOperator.FILTER_OPERATOR_EQUALS).setValue("gold"))).build());
            java.util.Set<String> identified = new java.util.HashSet<>();
            world.identifies.forEach(i -> identified.add(i.externalId()));
            assertThat(gold.getSegmentation().getTotal()).isEqualTo((double) world.inRange().stream()
                    .filter(e -> identified.contains(e.person())
                            && Integer.parseInt(e.person().substring("user_".length())) % 2 == 0).count());

            // SEGMENTATION and sessions.
            assertThat(query(s, key, spec(InsightType.INSIGHT_TYPE_SEGMENTATION)
                    .addEvents(q("", AggregationType.AGGREGATION_TYPE_UNIQUE_USERS, "")).build())
                    .getSegmentation().getTotal()).isEqualTo((double) ref.uniquePeople());
            double[][] sessions = ref.sessions();
            SessionMetric[] metrics = {SessionMetric.SESSION_METRIC_SESSIONS, SessionMetric.SESSION_METRIC_AVG_DURATION,
                    SessionMetric.SESSION_METRIC_BOUNCE_RATE};
            for (int m = 0; m < metrics.length; m++) {
                QueryResponse res = query(s, key, spec(InsightType.INSIGHT_TYPE_TRENDS)
                        .setSession(SessionQuery.newBuilder().setMetric(metrics[m])).build());
                assertThat(res.getTrends().getSeriesCount()).isEqualTo(1);
                assertPoints(res.getTrends().getSeries(0).getPointsList(), sessions[m]);
            }

            // FUNNEL with a conversion window and step timing.
            List<String> steps = List.of("page_view", "add_to_cart", "purchase");
            InsightQuerySpec.Builder funnel = spec(InsightType.INSIGHT_TYPE_FUNNEL)
                    .setConversionWindow(Duration.newBuilder().setSeconds(3600)).setIncludeStepTiming(true);
            steps.forEach(k -> funnel.addEvents(q(k, AggregationType.AGGREGATION_TYPE_UNSPECIFIED, "")));
            InsightReference.Funnel expected = ref.funnel(steps, 3_600_000);
            List<FunnelStep> got = query(s, key, funnel.build()).getFunnel().getSeries(0).getStepsList();
            assertThat(expected.reached()[0]).isPositive();
            for (int i = 0; i < steps.size(); i++) {
                assertThat(got.get(i).getEventKind()).isEqualTo(steps.get(i));
                assertThat(got.get(i).getTotal()).as("step " + i).isEqualTo((double) expected.reached()[i]);
                if (i > 0) {
                    assertTiming(got.get(i).getTiming(), expected.gaps().get(i));
                }
            }
            assertThat(got.get(0).hasTiming()).isFalse();

            // RETENTION: signup cohorts returning with a page view.
            TreeMap<Integer, long[]> cohorts = ref.retention("signup", "page_view");
            List<RetentionCohort> gotCohorts = query(s, key, spec(InsightType.INSIGHT_TYPE_RETENTION)
                    .addEvents(q("signup", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, ""))
                    .addEvents(q("page_view", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, "")).build())
                    .getRetention().getSeries(0).getCohortsList();
            assertThat(gotCohorts).hasSize(cohorts.size());
            int c = 0;
            for (Map.Entry<Integer, long[]> cohort : cohorts.entrySet()) {
                RetentionCohort g = gotCohorts.get(c++);
                assertThat(g.getCohort()).isEqualTo(Instant.ofEpochMilli(BASE + cohort.getKey() * InsightReference.DAY).toString());
                assertThat(g.getCohortSize()).isEqualTo((double) cohort.getValue()[0]);
                assertThat(g.getPointsList()).extracting(DataPoint::getValue)
                        .containsExactlyElementsOf(java.util.Arrays.stream(cohort.getValue()).skip(1).mapToObj(v -> (double) v).toList());
            }

            // TOP_K by kind (with $others) and by person.
            List<TopKRow> kinds = query(s, key, spec(InsightType.INSIGHT_TYPE_TOP_K).setTopK(TopKQuery.newBuilder()
                    .setDimension(TopKQuery.Dimension.DIMENSION_EVENT_KIND).setLimit(3)).build()).getTopK().getRowsList();
            assertThat(kinds).extracting(r -> Map.entry(r.getDimensionValue(), r.getValue()))
                    .containsExactlyElementsOf(ref.topKinds(3));
            assertThat(kinds.getLast().getIsOthers()).isTrue();
            List<TopKRow> people = query(s, key, spec(InsightType.INSIGHT_TYPE_TOP_K).setTopK(TopKQuery.newBuilder()
                    .setDimension(TopKQuery.Dimension.DIMENSION_USER).setLimit(5).setOmitOthers(true)).build())
                    .getTopK().getRowsList();
            // Ties are broken by the dimension value (a profile id the reference cannot know), so compare values,
            // then check each row's person has that count.
            List<Map.Entry<String, Double>> allPeople = ref.topPeople(100_000);
            assertThat(people).extracting(TopKRow::getValue).containsExactlyElementsOf(
                    allPeople.subList(0, 5).stream().map(Map.Entry::getValue).toList());
            for (TopKRow row : people) {
                String person = row.hasProfile() ? row.getProfile().getExternalId() : row.getDimensionValue();
                assertThat(allPeople.stream().filter(e -> e.getKey().equals(person)).findFirst()).isPresent()
                        .get().extracting(Map.Entry::getValue).isEqualTo(row.getValue());
            }

            // USER_FLOW by event kind, with overflow into $others.
            var flow = query(s, key, spec(InsightType.INSIGHT_TYPE_USER_FLOW).setUserFlow(
                    dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery.newBuilder().setMaxHops(3).setMaxNodes(6)
                            .setMaxLinks(12)).build()).getUserFlow();
            List<String> gotFlow = new ArrayList<>();
            flow.getNodesList().forEach(n -> gotFlow.add(n.getId()));
            flow.getLinksList().forEach(l -> gotFlow.add(l.getSource() + ">" + l.getTarget() + "=" + l.getValue()));
            assertThat(gotFlow).containsExactlyElementsOf(ref.flow(3, 6, 12));
            assertThat(flow.getNodesList().getLast().getIsOthers()).isTrue();

            // SegmentUsers: people that did both kinds, following anonymous → identified merges.
            SegmentUsersResponse segment = SegmentUsersResponse.parseFrom(PugWire.unary(s,
                    "/shared.insights.v1.InsightsService/SegmentUsers", SegmentUsersRequest.newBuilder().setTimeRange(range())
                            .addEvents(q("signup", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, ""))
                            .addEvents(q("purchase", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, ""))
                            .setPageSize(1000).build(), key).body());
            assertThat(segment.getDistinctIdsList()).containsExactlyElementsOf(ref.segment(List.of("signup", "purchase")));
        }
    }

    static void ingest(TestServer s, String key, InsightWorld world) throws Exception {
        List<Ev> all = world.events;
        for (int from = 0; from < all.size(); from += 100) {
            BatchCreateRequest.Builder batch = BatchCreateRequest.newBuilder();
            for (Ev e : all.subList(from, Math.min(all.size(), from + 100))) {
                Event.Builder b = Event.newBuilder().setEventId(e.id()).setKind(e.kind()).setOccurTime(PugWire.ts(e.time()))
                        .putAutoProperties("$browser", str(e.browser()))
                        .putCustomProperties("path", str(e.path())).putCustomProperties("plan", str(e.plan()));
                if (e.amount() >= 0) {
                    b.putCustomProperties("amount", PropertyValue.newBuilder().setDoubleValue(e.amount()).build());
                }
                if (e.cookieless()) {
                    b.setCookieless(true);
                } else {
                    b.setDistinctId(e.distinctId()).setSessionId(e.session());
                }
                batch.addEvents(b);
            }
            assertThat(PugWire.unary(s, PugIngestContractTest.BATCH, batch.build(), key).statusCode()).isEqualTo(200);
        }
        for (InsightWorld.Identify id : world.identifies) {
            int n = Integer.parseInt(id.externalId().substring("user_".length()));
            IdentifyRequest.Builder b = IdentifyRequest.newBuilder().setExternalId(id.externalId())
                    .setTraits(com.google.protobuf.Struct.newBuilder().putFields("tier", com.google.protobuf.Value.newBuilder()
                            .setStringValue(n % 2 == 0 ? "gold" : "silver").build()));
            if (!id.anonymousId().isEmpty()) {
                b.setAnonymousId(id.anonymousId());
            }
            assertThat(PugWire.unary(s, PugIngestContractTest.IDENTIFY, b.build(), key).statusCode()).isEqualTo(200);
        }
    }

    static PropertyValue str(String v) {
        return PropertyValue.newBuilder().setStringValue(v).build();
    }

    static EventQuery q(String kind, AggregationType aggregation, String property) {
        return EventQuery.newBuilder().setEvent(EventFilter.newBuilder().setKind(kind)).setAggregation(aggregation)
                .setAggregationProperty(property).build();
    }

    static InsightQuerySpec.Builder spec(InsightType type) {
        return InsightQuerySpec.newBuilder().setInsightType(type);
    }

    static TimeRange range() {
        return TimeRange.newBuilder().setFrom(PugWire.ts(BASE)).setTo(PugWire.ts(BASE + DAYS * InsightReference.DAY)).build();
    }

    static QueryResponse query(TestServer s, String key, InsightQuerySpec spec) throws Exception {
        var res = PugWire.unary(s, QUERY, QueryRequest.newBuilder().setSpec(spec).setTimeRange(range())
                .setGranularity(Granularity.GRANULARITY_DAY).setTimezone("Europe/Paris").build(), key);
        assertThat(res.statusCode()).as(new String(res.body())).isEqualTo(200);
        return QueryResponse.parseFrom(res.body());
    }

    static List<DataPoint> trend(TestServer s, String key, EventQuery q) throws Exception {
        QueryResponse res = query(s, key, spec(InsightType.INSIGHT_TYPE_TRENDS).addEvents(q).build());
        assertThat(res.getTrends().getSeriesCount()).isEqualTo(1);
        return res.getTrends().getSeries(0).getPointsList();
    }

    static void assertSeries(List<DataPoint> points, double[] expected) {
        assertPoints(points, expected);
    }

    static void assertPoints(List<DataPoint> points, double[] expected) {
        assertThat(points).hasSize(expected.length);
        for (int d = 0; d < expected.length; d++) {
            assertThat(points.get(d).getTime().getSeconds() * 1000).isEqualTo(BASE + d * InsightReference.DAY);
            assertThat(points.get(d).getValue()).as("day " + d).isEqualTo(expected[d]);
        }
    }

    static void assertTiming(StepTiming t, List<Long> gaps) {
        long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(t.getDistributionCount()).isEqualTo(8);
        assertThat(t.getDistributionList().stream().mapToLong(b -> b.getCount()).sum()).isEqualTo(sorted.length);
        long[] bounds = {30_000, 120_000, 600_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000};
        for (int b = 0; b < 8; b++) {
            long lo = b == 0 ? 0 : bounds[b - 1];
            long hi = b == 7 ? Long.MAX_VALUE : bounds[b];
            assertThat(t.getDistribution(b).getCount()).isEqualTo(java.util.Arrays.stream(sorted).filter(g -> g >= lo && g < hi).count());
            assertThat(t.getDistribution(b).hasUpperBound()).isEqualTo(b < 7);
        }
        if (sorted.length > 0) {
            assertThat(millis(t.getMedian())).isEqualTo(sorted[(sorted.length - 1) / 2]);
            assertThat(millis(t.getP95())).isEqualTo(sorted[(int) Math.ceil(sorted.length * 0.95) - 1]);
            long sum = java.util.Arrays.stream(sorted).sum();
            assertThat(t.getAvg().getSeconds() * 1_000_000_000L + t.getAvg().getNanos()).isEqualTo(sum * 1_000_000 / sorted.length);
        }
    }

    static long millis(Duration d) {
        return d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
    }
}
