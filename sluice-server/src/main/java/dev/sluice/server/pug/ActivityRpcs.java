package dev.sluice.server.pug;

import com.google.protobuf.Message;
import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaRequest;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.TimeRange;
import dev.sluice.pug.proto.shared.activity.v1.ActivityEvent;
import dev.sluice.pug.proto.shared.activity.v1.GetActivityFeedRequest;
import dev.sluice.pug.proto.shared.activity.v1.GetActivityFeedResponse;
import dev.sluice.pug.proto.shared.activity.v1.GetActivityHeatmapRequest;
import dev.sluice.pug.proto.shared.activity.v1.GetActivityHeatmapResponse;
import dev.sluice.pug.proto.shared.activity.v1.GetEventExplorerRequest;
import dev.sluice.pug.proto.shared.activity.v1.GetEventExplorerResponse;
import dev.sluice.pug.proto.shared.activity.v1.GetProfileStatsRequest;
import dev.sluice.pug.proto.shared.activity.v1.GetProfileStatsResponse;
import dev.sluice.pug.proto.shared.activity.v1.GetPropertyValuesRequest;
import dev.sluice.pug.proto.shared.activity.v1.GetPropertyValuesResponse;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.insights.ReplicaActivity;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code shared.activity.v1.ActivityService}: a person's feed, the event explorer, schema, values, heatmaps. */
final class ActivityRpcs {

    private static final String BASE = "/shared.activity.v1.ActivityService/";
    private static final long HEATMAP_DAYS = 60;

    private final AnalyticsQueries queries;
    private final ProfileActivity activity;
    private final FilterSchema schema;
    private final Clock clock;

    private ActivityRpcs(Store store, Clock clock, ReplicaActivity replica) {
        this.queries = AnalyticsQueries.create(store);
        this.activity = new ProfileActivity(queries, replica);
        this.schema = new FilterSchema(queries, replica);
        this.clock = clock;
    }

    static ActivityRpcs create(Store store, Clock clock, ReplicaActivity replica) {
        return new ActivityRpcs(store, clock, replica);
    }

    List<Rpc> rpcs() {
        return List.of(
                Rpc.unary(BASE + "GetActivityFeed", GetActivityFeedRequest.getDefaultInstance(), false,
                        (p, m, n) -> feed(p, (GetActivityFeedRequest) m)),
                Rpc.unary(BASE + "GetEventExplorer", GetEventExplorerRequest.getDefaultInstance(), false,
                        (p, m, n) -> explorer(p, (GetEventExplorerRequest) m)),
                Rpc.unary(BASE + "GetFilterSchema", GetFilterSchemaRequest.getDefaultInstance(), false,
                        (p, m, n) -> schema.schema(p, (GetFilterSchemaRequest) m)),
                Rpc.unary(BASE + "GetPropertyValues", GetPropertyValuesRequest.getDefaultInstance(), false,
                        (p, m, n) -> {
                            GetPropertyValuesRequest r = (GetPropertyValuesRequest) m;
                            return GetPropertyValuesResponse.newBuilder().addAllValues(
                                    schema.values(p, r.getPropertyKey(), r.getSource(), r.getEventKind())).build();
                        }),
                Rpc.unary(BASE + "GetActivityHeatmap", GetActivityHeatmapRequest.getDefaultInstance(), false,
                        (p, m, n) -> heatmap(p, (GetActivityHeatmapRequest) m)),
                Rpc.unary(BASE + "GetProfileStats", GetProfileStatsRequest.getDefaultInstance(), false,
                        (p, m, n) -> stats(p, (GetProfileStatsRequest) m)));
    }

    private Message feed(ProjectId project, GetActivityFeedRequest r) {
        ProfileRpcs.require(r.getDistinctId(), "distinct_id");
        Page page = page(project, activity.identities(project, r.getDistinctId()), r.getSessionId(),
                r.hasTimeRange() ? r.getTimeRange() : null, r.getPropertyFiltersList(), r.getEventsList(),
                r.getPageSize(), r.getPageToken());
        return GetActivityFeedResponse.newBuilder().addAllEvents(page.events).setNextPageToken(page.next).build();
    }

    private Message explorer(ProjectId project, GetEventExplorerRequest r) {
        Page page = page(project, r.getDistinctId().isEmpty() ? Set.of() : Set.of(r.getDistinctId()),
                r.getSessionId(), r.hasTimeRange() ? r.getTimeRange() : null, r.getPropertyFiltersList(),
                r.getEventsList(), r.getPageSize(), r.getPageToken());
        return GetEventExplorerResponse.newBuilder().addAllEvents(page.events).setNextPageToken(page.next).build();
    }

    private record Page(List<ActivityEvent> events, String next) {
    }

    /** Newest first; the cursor is the (time, id) of the last event of the previous page. */
    private Page page(ProjectId project, Set<String> ids, String session, TimeRange range, List<PropertyFilter> filters,
                      List<EventFilter> events, int pageSize, String token) {
        int size = Requests.pageSize(pageSize, "page_size");
        if (filters.size() > 20) {
            throw ConnectException.invalid("property_filters: at most 20");
        }
        for (int i = 0; i < filters.size(); i++) {
            PropertyFilters.validate(filters.get(i), "property_filters[" + i + "]");
        }
        EventFilters.validate(events, 50, "events");
        long[] window = range == null ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE} : Requests.timeRange(range, "time_range");
        long beforeTime = Long.MAX_VALUE;
        String beforeId = "";
        if (!token.isEmpty()) {
            Object[] c = Requests.decode(token);
            beforeTime = (Long) c[0];
            beforeId = (String) c[1];
        }
        long cursorTime = beforeTime;
        String cursorId = beforeId;
        List<ActivityEvent> out = new ArrayList<>();
        boolean[] more = {false};
        long to = cursorTime == Long.MAX_VALUE ? window[1] : Math.min(window[1], cursorTime + 1);
        queries.scan(project, new EventScan(window[0], to, ids, session, EventFilters.kinds(events), true), e -> {
            if (!token.isEmpty() && (e.occurredAt() > cursorTime
                    || e.occurredAt() == cursorTime && e.eventId().compareTo(cursorId) >= 0)) {
                return true;
            }
            ParsedEvent parsed = ParsedEvent.of(e);
            if (!PropertyFilters.all(filters, parsed) || !EventFilters.matches(events, parsed)) {
                return true;
            }
            if (out.size() == size) {
                more[0] = true;
                return false;
            }
            out.add(parsed.toProto());
            return true;
        });
        String next = more[0] ? Requests.cursor(out.getLast().getOccurTime().getSeconds() * 1000
                + out.getLast().getOccurTime().getNanos() / 1_000_000, out.getLast().getEventId()) : "";
        return new Page(out, next);
    }

    private Message heatmap(ProjectId project, GetActivityHeatmapRequest r) {
        ProfileRpcs.require(r.getDistinctId(), "distinct_id");
        long now = clock.millis();
        long[] window = r.hasTimeRange() ? Requests.timeRange(r.getTimeRange(), "time_range")
                : new long[] {now - Duration.ofDays(HEATMAP_DAYS).toMillis(), now + 1};
        return GetActivityHeatmapResponse.newBuilder().addAllDays(activity.heatmap(project,
                activity.identities(project, r.getDistinctId()), window[0], window[1])).build();
    }

    private Message stats(ProjectId project, GetProfileStatsRequest r) {
        ProfileRpcs.require(r.getDistinctId(), "distinct_id");
        Set<String> ids = activity.identities(project, r.getDistinctId());
        GetProfileStatsResponse.Builder b = GetProfileStatsResponse.newBuilder();
        activity.stats(project, ids).ifPresent(b::setStats);
        long now = clock.millis();
        b.addAllHeatmap(activity.heatmap(project, ids, now - Duration.ofDays(HEATMAP_DAYS).toMillis(), now + 1));
        queries.resolve(project, r.getDistinctId()).flatMap(p -> queries.profile(project, p))
                .ifPresent(p -> b.setProperties(Props.struct(Props.fromEntries(p.properties()))));
        return b.build();
    }
}
