package dev.sluice.server.pug;

import com.google.protobuf.Duration;
import dev.sluice.pug.proto.common.v1.LogicalOperator;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.DataPoint;
import dev.sluice.pug.proto.shared.insights.v1.DistributionBucket;
import dev.sluice.pug.proto.shared.insights.v1.FunnelResult;
import dev.sluice.pug.proto.shared.insights.v1.FunnelSeries;
import dev.sluice.pug.proto.shared.insights.v1.FunnelStep;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.QueryResponse;
import dev.sluice.pug.proto.shared.insights.v1.RetentionCohort;
import dev.sluice.pug.proto.shared.insights.v1.RetentionResult;
import dev.sluice.pug.proto.shared.insights.v1.RetentionSeries;
import dev.sluice.pug.proto.shared.insights.v1.SegmentationResult;
import dev.sluice.pug.proto.shared.insights.v1.StepTiming;
import dev.sluice.pug.proto.shared.insights.v1.TopKProfile;
import dev.sluice.pug.proto.shared.insights.v1.TopKResult;
import dev.sluice.pug.proto.shared.insights.v1.TopKRow;
import dev.sluice.pug.proto.shared.insights.v1.TrendSeries;
import dev.sluice.pug.proto.shared.insights.v1.TrendsResult;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowLink;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowNode;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowResult;
import dev.sluice.query.insights.Filters;
import dev.sluice.query.insights.InsightQuery;
import dev.sluice.query.insights.InsightQuery.Aggregation;
import dev.sluice.query.insights.InsightResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Pug's insight messages to the query layer's records and back: decoding and encoding only, no rules. */
final class InsightMapping {

    private InsightMapping() {
    }

    static Filters.Source source(PropertySource s) {
        return switch (s) {
            case PROPERTY_SOURCE_AUTO -> Filters.Source.AUTO;
            case PROPERTY_SOURCE_CUSTOM -> Filters.Source.CUSTOM;
            case PROPERTY_SOURCE_PROFILE -> Filters.Source.PROFILE;
            default -> Filters.Source.ANY;
        };
    }

    /** A validated filter (its operator is defined). */
    static Filters.PropertyFilter filter(dev.sluice.pug.proto.common.v1.PropertyFilter f) {
        return new Filters.PropertyFilter(f.getProperty(),
                Filters.Op.valueOf(f.getOperator().name().substring("FILTER_OPERATOR_".length())), f.getValue(),
                f.getValuesList(), source(f.getSource()));
    }

    static List<Filters.PropertyFilter> filters(List<dev.sluice.pug.proto.common.v1.PropertyFilter> fs) {
        return fs.stream().map(InsightMapping::filter).toList();
    }

    static Filters.EventFilter event(dev.sluice.pug.proto.common.v1.EventFilter f) {
        return new Filters.EventFilter(f.getKind(), filters(f.getFiltersList()));
    }

    static List<Filters.FilterGroup> groups(List<dev.sluice.pug.proto.shared.insights.v1.FilterGroup> groups) {
        return groups.stream().map(g -> new Filters.FilterGroup(filters(g.getFiltersList()),
                g.getOperator() == LogicalOperator.LOGICAL_OPERATOR_OR)).toList();
    }

    static Aggregation aggregation(AggregationType t) {
        return switch (t) {
            case AGGREGATION_TYPE_UNIQUE_USERS -> Aggregation.UNIQUE_USERS;
            case AGGREGATION_TYPE_PER_USER_AVG -> Aggregation.PER_USER_AVG;
            case AGGREGATION_TYPE_SUM -> Aggregation.SUM;
            case AGGREGATION_TYPE_AVG -> Aggregation.AVG;
            case AGGREGATION_TYPE_MIN -> Aggregation.MIN;
            case AGGREGATION_TYPE_MAX -> Aggregation.MAX;
            default -> Aggregation.TOTAL;
        };
    }

    static List<InsightQuery.EventQuery> events(List<dev.sluice.pug.proto.shared.insights.v1.EventQuery> qs) {
        return qs.stream().map(q -> new InsightQuery.EventQuery(event(q.getEvent()), aggregation(q.getAggregation()),
                q.getAggregationProperty())).toList();
    }

    /** A validated request over [from, to). */
    static InsightQuery query(QueryRequest r, long from, long to) {
        InsightQuerySpec s = r.getSpec();
        Optional<InsightQuery.SessionQuery> session = s.hasSession() ? Optional.of(new InsightQuery.SessionQuery(
                sessionMetric(s.getSession().getMetric()), event(s.getSession().getScope()))) : Optional.empty();
        Optional<InsightQuery.FlowQuery> flow = s.hasUserFlow() || s.getInsightType().name().equals("INSIGHT_TYPE_USER_FLOW")
                ? Optional.of(flow(s.getUserFlow())) : Optional.empty();
        Optional<InsightQuery.TopKQuery> topK = s.hasTopK() || s.getInsightType().name().equals("INSIGHT_TYPE_TOP_K")
                ? Optional.of(new InsightQuery.TopKQuery(switch (s.getTopK().getDimension()) {
                    case DIMENSION_PROPERTY -> InsightQuery.Dimension.PROPERTY;
                    case DIMENSION_EVENT_KIND -> InsightQuery.Dimension.EVENT_KIND;
                    default -> InsightQuery.Dimension.USER;
                }, s.getTopK().getProperty(), event(s.getTopK().getScope()), aggregation(s.getTopK().getMetric()),
                s.getTopK().getMetricProperty(), s.getTopK().getLimit(), s.getTopK().getOmitOthers()))
                : Optional.empty();
        return new InsightQuery(InsightQuery.Type.valueOf(s.getInsightType().name().substring("INSIGHT_TYPE_".length())),
                from, to, InsightQuery.Granularity.valueOf(r.getGranularity().name().substring("GRANULARITY_".length())),
                events(s.getEventsList()), s.getBreakdownsList().stream().map(Breakdown::getProperty).toList(),
                s.getBreakdownLimit(), groups(s.getFilterGroupsList()),
                s.getFilterGroupsOperator() == LogicalOperator.LOGICAL_OPERATOR_OR,
                s.hasConversionWindow() ? OptionalLong.of(s.getConversionWindow().getSeconds() * 1000) : OptionalLong.empty(),
                s.getIncludeStepTiming(), session, flow, topK);
    }

    private static InsightQuery.SessionMetric sessionMetric(dev.sluice.pug.proto.shared.insights.v1.SessionMetric m) {
        return switch (m) {
            case SESSION_METRIC_AVG_DURATION -> InsightQuery.SessionMetric.AVG_DURATION;
            case SESSION_METRIC_BOUNCE_RATE -> InsightQuery.SessionMetric.BOUNCE_RATE;
            case SESSION_METRIC_ENTRY -> InsightQuery.SessionMetric.ENTRY;
            case SESSION_METRIC_EXIT -> InsightQuery.SessionMetric.EXIT;
            case SESSION_METRIC_AVG_EVENTS_PER_SESSION -> InsightQuery.SessionMetric.AVG_EVENTS_PER_SESSION;
            default -> InsightQuery.SessionMetric.SESSIONS;
        };
    }

    private static InsightQuery.FlowQuery flow(UserFlowQuery q) {
        return new InsightQuery.FlowQuery(q.getNodeKind() == UserFlowQuery.NodeKind.NODE_KIND_PROPERTY,
                q.getNodeProperty(), event(q.getScope()), q.getMaxHops(), q.getMaxNodes(), q.getMaxLinks());
    }

    static QueryResponse response(InsightResult result) {
        QueryResponse.Builder out = QueryResponse.newBuilder();
        switch (result) {
            case InsightResult.Trends t -> {
                TrendsResult.Builder b = TrendsResult.newBuilder();
                t.series().forEach(s -> b.addSeries(TrendSeries.newBuilder().setEventKind(s.eventKind())
                        .putAllBreakdown(s.breakdown()).addAllPoints(points(s.points()))));
                out.setTrends(b);
            }
            case InsightResult.Segmentation s -> out.setSegmentation(SegmentationResult.newBuilder().setTotal(s.total()));
            case InsightResult.Funnel f -> {
                FunnelResult.Builder b = FunnelResult.newBuilder();
                for (InsightResult.FunnelSeries s : f.series()) {
                    FunnelSeries.Builder series = FunnelSeries.newBuilder().putAllBreakdown(s.breakdown());
                    for (InsightResult.Step step : s.steps()) {
                        FunnelStep.Builder fs = FunnelStep.newBuilder().setEventKind(step.eventKind()).setTotal(step.total());
                        step.timing().ifPresent(t -> fs.setTiming(timing(t)));
                        series.addSteps(fs);
                    }
                    b.addSeries(series);
                }
                out.setFunnel(b);
            }
            case InsightResult.Retention r -> {
                RetentionResult.Builder b = RetentionResult.newBuilder();
                r.series().forEach(s -> {
                    RetentionSeries.Builder series = RetentionSeries.newBuilder().putAllBreakdown(s.breakdown());
                    s.cohorts().forEach(c -> series.addCohorts(RetentionCohort.newBuilder()
                            .setCohort(Instant.ofEpochMilli(c.start()).toString()).setCohortSize(c.size())
                            .addAllPoints(points(c.points()))));
                    b.addSeries(series);
                });
                out.setRetention(b);
            }
            case InsightResult.Flow f -> {
                UserFlowResult.Builder b = UserFlowResult.newBuilder();
                f.nodes().forEach(n -> b.addNodes(UserFlowNode.newBuilder().setId(n.id()).setIsOthers(n.others())));
                f.links().forEach(l -> b.addLinks(UserFlowLink.newBuilder().setSource(l.source()).setTarget(l.target())
                        .setValue(l.value())));
                out.setUserFlow(b);
            }
            case InsightResult.TopK t -> {
                TopKResult.Builder b = TopKResult.newBuilder();
                t.rows().forEach(r -> {
                    TopKRow.Builder row = TopKRow.newBuilder().setDimensionValue(r.value()).setValue(r.score())
                            .setIsOthers(r.others());
                    r.profile().ifPresent(p -> row.setProfile(TopKProfile.newBuilder().setId(p.id())
                            .setExternalId(p.externalId()).setProperties(Props.struct(Props.fromEntries(p.properties())))));
                    b.addRows(row);
                });
                out.setTopK(b);
            }
        }
        return out.build();
    }

    private static List<DataPoint> points(List<InsightResult.Point> points) {
        return points.stream().map(p -> DataPoint.newBuilder().setTime(Props.ts(p.time())).setValue(p.value()).build())
                .toList();
    }

    private static StepTiming timing(InsightResult.Timing t) {
        StepTiming.Builder b = StepTiming.newBuilder().setAvg(nanos(t.avgNanos())).setMedian(nanos(t.medianNanos()))
                .setP95(nanos(t.p95Nanos()));
        t.distribution().forEach(d -> {
            DistributionBucket.Builder bucket = DistributionBucket.newBuilder().setLabel(d.label()).setCount(d.count());
            d.upperSeconds().ifPresent(u -> bucket.setUpperBound(Duration.newBuilder().setSeconds(u)));
            b.addDistribution(bucket);
        });
        return b.build();
    }

    private static Duration nanos(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000).setNanos((int) (nanos % 1_000_000_000)).build();
    }
}
