package dev.sluice.server.pug;

import com.google.protobuf.Message;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaRequest;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.GetPropertyValuesRequest;
import dev.sluice.pug.proto.shared.insights.v1.GetPropertyValuesResponse;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.QueryResponse;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersRequest;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersResponse;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;

/** {@code shared.insights.v1.InsightsService}: insights computed in Java over SQL-narrowed events. */
final class InsightRpcs {

    private static final String BASE = "/shared.insights.v1.InsightsService/";

    private final AnalyticsQueries queries;
    private final InsightData data;
    private final FilterSchema schema;

    private InsightRpcs(Store store) {
        this.queries = AnalyticsQueries.create(store);
        this.data = new InsightData(queries);
        this.schema = new FilterSchema(queries);
    }

    static InsightRpcs create(Store store, Clock clock) {
        return new InsightRpcs(store);
    }

    List<Rpc> rpcs() {
        return List.of(
                Rpc.unary(BASE + "Query", QueryRequest.getDefaultInstance(), false, (p, m, n) -> query(p, (QueryRequest) m)),
                Rpc.unary(BASE + "SegmentUsers", SegmentUsersRequest.getDefaultInstance(), false,
                        (p, m, n) -> segmentUsers(p, (SegmentUsersRequest) m)),
                Rpc.unary(BASE + "GetFilterSchema", GetFilterSchemaRequest.getDefaultInstance(), false,
                        (p, m, n) -> schema.schema(p, (GetFilterSchemaRequest) m)),
                Rpc.unary(BASE + "GetPropertyValues", GetPropertyValuesRequest.getDefaultInstance(), false,
                        (p, m, n) -> {
                            GetPropertyValuesRequest r = (GetPropertyValuesRequest) m;
                            return GetPropertyValuesResponse.newBuilder().addAllValues(
                                    schema.values(p, r.getPropertyKey(), r.getSource(), r.getEventKind())).build();
                        }));
    }

    private Message query(ProjectId project, QueryRequest r) {
        long[] range = InsightValidator.query(r);
        InsightQuerySpec spec = r.getSpec();
        List<InsightRow> rows = data.load(project, range[0], range[1], spec.getFilterGroupsList(),
                spec.getFilterGroupsOperator(), InsightNeeds.kinds(spec), InsightNeeds.properties(spec));
        Buckets buckets = new Buckets(r.getGranularity());
        QueryResponse.Builder out = QueryResponse.newBuilder();
        switch (spec.getInsightType()) {
            case INSIGHT_TYPE_TRENDS -> out.setTrends(TrendsEngine.trends(spec, rows, buckets, range[0], range[1]));
            case INSIGHT_TYPE_SEGMENTATION -> out.setSegmentation(TrendsEngine.segmentation(spec, rows));
            case INSIGHT_TYPE_FUNNEL -> out.setFunnel(FunnelEngine.funnel(spec, rows, range[0], range[1]));
            case INSIGHT_TYPE_RETENTION -> out.setRetention(RetentionEngine.retention(spec, rows, buckets, range[1]));
            case INSIGHT_TYPE_USER_FLOW -> out.setUserFlow(FlowEngine.flow(spec.getUserFlow(), rows));
            case INSIGHT_TYPE_TOP_K -> out.setTopK(TopKEngine.topK(spec.getTopK(), rows, project, queries));
            default -> throw ConnectException.invalid("spec.insight_type: unsupported");
        }
        return out.build();
    }

    /** Distinct ids (raw, as sent) that performed an event of every query, ascending; cursor = last id. */
    private Message segmentUsers(ProjectId project, SegmentUsersRequest r) {
        if (!r.hasTimeRange()) {
            throw ConnectException.invalid("time_range: value is required");
        }
        long[] range = Requests.timeRange(r.getTimeRange(), "time_range");
        if (r.getEventsCount() == 0) {
            throw ConnectException.invalid("events: at least one is required");
        }
        InsightValidator.events(r.getEventsList(), false, "events");
        InsightValidator.groups(r.getFilterGroupsList(), "filter_groups");
        int size = Requests.pageSize(r.getPageSize(), "page_size");
        String after = r.getPageToken().isEmpty() ? "" : (String) Requests.decode(r.getPageToken())[1];
        List<InsightRow> rows = data.load(project, range[0], range[1], r.getFilterGroupsList(), r.getFilterGroupsOperator());
        TreeSet<String> users = null;
        for (EventQuery q : r.getEventsList()) {
            TreeSet<String> did = new TreeSet<>();
            rows.stream().filter(row -> !row.view.distinctId().isEmpty() && EventFilters.matches(q.getEvent(), row, row.kind()))
                    .forEach(row -> did.add(row.view.distinctId()));
            if (users == null) {
                users = did;
            } else {
                users.retainAll(did);
            }
        }
        List<String> page = users.tailSet(after, false).stream().limit(size + 1L).toList();
        SegmentUsersResponse.Builder out = SegmentUsersResponse.newBuilder()
                .addAllDistinctIds(page.subList(0, Math.min(size, page.size())));
        if (page.size() > size) {
            out.setNextPageToken(Requests.cursor(0, page.get(size - 1)));
        }
        return out.build();
    }
}
