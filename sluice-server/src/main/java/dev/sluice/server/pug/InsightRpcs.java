package dev.sluice.server.pug;

import com.google.protobuf.Message;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaRequest;
import dev.sluice.pug.proto.common.v1.LogicalOperator;
import dev.sluice.pug.proto.shared.insights.v1.GetPropertyValuesRequest;
import dev.sluice.pug.proto.shared.insights.v1.GetPropertyValuesResponse;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersRequest;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersResponse;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.insights.InsightEngine;
import dev.sluice.query.insights.ReplicaActivity;
import dev.sluice.query.insights.SegmentQuery;
import dev.sluice.store.Store;
import java.util.List;

/** {@code shared.insights.v1.InsightsService}: decodes into the query layer's records, encodes its answers. */
final class InsightRpcs {

    private static final String BASE = "/shared.insights.v1.InsightsService/";

    private final InsightEngine engine;
    private final FilterSchema schema;

    private InsightRpcs(Store store, InsightEngine engine, ReplicaActivity replica) {
        this.engine = engine;
        this.schema = new FilterSchema(AnalyticsQueries.create(store), replica);
    }

    static InsightRpcs create(Store store, InsightEngine engine, ReplicaActivity replica) {
        return new InsightRpcs(store, engine, replica);
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
        return InsightMapping.response(engine.query(project, InsightMapping.query(r, range[0], range[1])));
    }

    /** People (external id when identified, else distinct id) who performed an event of every query, ascending. */
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
        SegmentQuery.Page page = engine.segmentUsers(project, new SegmentQuery(range[0], range[1],
                InsightMapping.events(r.getEventsList()), InsightMapping.groups(r.getFilterGroupsList()),
                r.getFilterGroupsOperator() == LogicalOperator.LOGICAL_OPERATOR_OR, size, after));
        SegmentUsersResponse.Builder out = SegmentUsersResponse.newBuilder().addAllDistinctIds(page.people());
        if (page.more()) {
            out.setNextPageToken(Requests.cursor(0, page.people().getLast()));
        }
        return out.build();
    }
}
