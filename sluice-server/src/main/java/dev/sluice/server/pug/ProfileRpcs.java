package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.sluice.pug.proto.common.v1.LogicalOperator;
import dev.sluice.pug.proto.shared.profiles.v1.ComplianceRequestStatus;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectRequest;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectResponse;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteRequest;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteResponse;
import dev.sluice.pug.proto.shared.profiles.v1.FilterGroup;
import dev.sluice.pug.proto.shared.profiles.v1.GetByExternalIdRequest;
import dev.sluice.pug.proto.shared.profiles.v1.GetByExternalIdResponse;
import dev.sluice.pug.proto.shared.profiles.v1.GetDeletionRequestRequest;
import dev.sluice.pug.proto.shared.profiles.v1.GetDeletionRequestResponse;
import dev.sluice.pug.proto.shared.profiles.v1.GetRequest;
import dev.sluice.pug.proto.shared.profiles.v1.GetResponse;
import dev.sluice.pug.proto.shared.profiles.v1.ListRequest;
import dev.sluice.pug.proto.shared.profiles.v1.ListResponse;
import dev.sluice.pug.proto.shared.profiles.v1.Profile;
import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.query.insights.ReplicaActivity;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.DeletionView;
import dev.sluice.query.analytics.AnalyticsViews.ProfileView;
import dev.sluice.query.insights.Filters;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.ErasureOutcome;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.Refusal;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code shared.profiles.v1.ProfilesService}. List streams every page in one response (the SDK never asks
 * for a next page). Erasure is a logged item the digest applies inside a commit, ordered with the person's
 * events; the request is answered after that commit and this node's replica, so it is COMPLETED when answered.
 */
final class ProfileRpcs {

    static final int LIST_PAGE = 100;
    private static final String BASE = "/shared.profiles.v1.ProfilesService/";

    /** Below the SDK's 10 s client deadline, as for ingest (see {@link PugIngest}). */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(9);
    /** What an erasure counts against the log's memory bound: it carries a few ids. */
    private static final int ERASURE_BYTES = 256;

    private final IngestSteps steps;
    private final AnalyticsReplica replica;
    private final AnalyticsQueries queries;
    private final ProfileActivity activity;
    private final Ids ids;

    private ProfileRpcs(Store store, IngestSteps steps, Clock clock, AnalyticsReplica replica) {
        this.steps = steps;
        this.replica = replica;
        this.queries = AnalyticsQueries.create(store);
        this.activity = new ProfileActivity(queries, ReplicaActivity.create(replica));
        this.ids = Ids.create(clock);
    }

    static ProfileRpcs create(Store store, IngestSteps steps, Clock clock, AnalyticsReplica replica) {
        return new ProfileRpcs(store, steps, clock, replica);
    }

    List<Rpc> rpcs() {
        return List.of(
                Rpc.unary(BASE + "Get", GetRequest.getDefaultInstance(), false, (p, m, n) -> get(p, (GetRequest) m)),
                Rpc.unary(BASE + "GetByExternalId", GetByExternalIdRequest.getDefaultInstance(), false,
                        (p, m, n) -> getByExternalId(p, (GetByExternalIdRequest) m)),
                Rpc.streaming(BASE + "List", ListRequest.getDefaultInstance(), (p, m, sink) -> list(p, (ListRequest) m, sink)),
                Rpc.unary(BASE + "Delete", DeleteRequest.getDefaultInstance(), false, (p, m, n) -> delete(p, (DeleteRequest) m)),
                Rpc.unary(BASE + "DeleteDataSubject", DeleteDataSubjectRequest.getDefaultInstance(), false,
                        (p, m, n) -> deleteSubject(p, (DeleteDataSubjectRequest) m)),
                Rpc.unary(BASE + "GetDeletionRequest", GetDeletionRequestRequest.getDefaultInstance(), false,
                        (p, m, n) -> deletion(p, (GetDeletionRequestRequest) m)));
    }

    private Message get(ProjectId project, GetRequest r) {
        require(r.getId(), "id");
        ProfileView view = queries.profile(project, r.getId())
                .orElseThrow(() -> ConnectException.notFound("profile not found"));
        return GetResponse.newBuilder().setProfile(toProto(project, view, true)).build();
    }

    private Message getByExternalId(ProjectId project, GetByExternalIdRequest r) {
        require(r.getExternalId(), "external_id");
        ProfileView view = queries.profileByExternalId(project, r.getExternalId())
                .orElseThrow(() -> ConnectException.notFound("profile not found"));
        return GetByExternalIdResponse.newBuilder().setProfile(toProto(project, view, true)).build();
    }

    private void list(ProjectId project, ListRequest r, Consumer<Message> sink) {
        for (int g = 0; g < r.getFilterGroupsCount(); g++) {
            FilterGroup group = r.getFilterGroups(g);
            if (group.getFiltersCount() == 0) {
                throw ConnectException.invalid("filter_groups[" + g + "].filters: at least one filter is required");
            }
            for (int f = 0; f < group.getFiltersCount(); f++) {
                PropertyFilters.validate(group.getFilters(f), "filter_groups[" + g + "].filters[" + f + "]");
            }
        }
        String after = r.getPageToken().isEmpty() ? "" : (String) Requests.decode(r.getPageToken())[1];
        List<Filters.FilterGroup> groups = r.getFilterGroupsList().stream().map(g -> new Filters.FilterGroup(
                InsightMapping.filters(g.getFiltersList()), g.getOperator() == LogicalOperator.LOGICAL_OPERATOR_OR)).toList();
        List<Profile> page = new ArrayList<>();
        Optional<Profile> pending = Optional.empty();
        // One page is held back until the next match is known, so the last page carries an empty token.
        while (true) {
            List<ProfileView> chunk = queries.profilesAfter(project, after, 500);
            for (ProfileView view : chunk) {
                ObjectNode props = Props.fromEntries(view.properties());
                Filters.Subject subject = (source, property) -> source == Filters.Source.AUTO
                        || source == Filters.Source.CUSTOM ? Optional.empty() : Props.lookup(props, property);
                if (Filters.groups(groups, r.getFilterGroupsOperator() == LogicalOperator.LOGICAL_OPERATOR_OR, subject)) {
                    if (page.size() == LIST_PAGE) {
                        sink.accept(ListResponse.newBuilder().addAllProfiles(page)
                                .setNextPageToken(Requests.cursor(0, page.getLast().getId())).build());
                        page.clear();
                    }
                    page.add(toProto(project, view, false));
                }
                after = view.id();
            }
            if (chunk.size() < 500) {
                break;
            }
        }
        if (!page.isEmpty()) {
            sink.accept(ListResponse.newBuilder().addAllProfiles(page).build());
        }
    }

    private Message delete(ProjectId project, DeleteRequest r) {
        require(r.getId(), "id");
        ProfileView view = queries.profile(project, r.getId())
                .orElseThrow(() -> ConnectException.notFound("profile not found"));
        ErasureOutcome done = erase(project, view.externalId(), Optional.of(view));
        return DeleteResponse.newBuilder().setRequestId(done.requestId())
                .setStatus(ComplianceRequestStatus.COMPLIANCE_REQUEST_STATUS_COMPLETED).build();
    }

    private Message deleteSubject(ProjectId project, DeleteDataSubjectRequest r) {
        require(r.getExternalId(), "external_id");
        // The profile is resolved inside the erasure's commit, after any identify committed before it.
        ErasureOutcome done = erase(project, r.getExternalId(), Optional.empty());
        return DeleteDataSubjectResponse.newBuilder().setRequestId(done.requestId())
                .setStatus(ComplianceRequestStatus.COMPLIANCE_REQUEST_STATUS_COMPLETED).build();
    }

    /**
     * Logs the erasure and waits for its commit: the digest removes every event and profile row of the person
     * and records the request as completed in the commit that takes it, ordered after every event committed
     * before it. Then this node's analytics replica drops the person's events before the answer (other nodes'
     * replicas, and this one after a restart, apply the recorded request when they next follow the store).
     */
    private ErasureOutcome erase(ProjectId project, String externalId, Optional<ProfileView> profile) {
        ErasureItem item = new ErasureItem(ids.next(), externalId, profile.map(ProfileView::id).orElse(""));
        ErasureOutcome done;
        try {
            BatchOutcome outcome = steps.commit(steps.batch(project, List.of(item)), ERASURE_BYTES, COMMIT_WAIT);
            done = (ErasureOutcome) outcome.items().getFirst();
        } catch (Refusal e) {
            throw ConnectException.unavailable("erasure is temporarily unavailable, retry later",
                    (int) e.retryAfterSeconds());
        }
        replica.erase(project.value(), done.distinctIds());
        replica.sync();
        return done;
    }

    private Message deletion(ProjectId project, GetDeletionRequestRequest r) {
        require(r.getRequestId(), "request_id");
        DeletionView d = queries.deletion(project, r.getRequestId())
                .orElseThrow(() -> ConnectException.notFound("deletion request not found"));
        GetDeletionRequestResponse.Builder b = GetDeletionRequestResponse.newBuilder().setRequestId(d.id())
                .setExternalId(d.externalId()).setProfileId(d.profileId())
                .setStatus(ComplianceRequestStatus.forNumber(d.status())).setEventsIdentified(d.eventsIdentified())
                .setRequestedAt(Props.ts(d.requestedAt())).setError(d.error());
        d.completedAt().ifPresent(c -> b.setCompletedAt(Props.ts(c)));
        return b.build();
    }

    private Profile toProto(ProjectId project, ProfileView view, boolean withActivity) {
        Profile.Builder b = Profile.newBuilder().setId(view.id()).setExternalId(view.externalId())
                .setProjectId(project.value()).setCreateTime(Props.ts(view.createdAt()))
                .setUpdateTime(Props.ts(view.updatedAt()))
                .setProperties(Props.struct(Props.fromEntries(view.properties())));
        if (withActivity) {
            activity.summary(project, view.id()).ifPresent(b::setActivity);
        }
        return b.build();
    }

    static void require(String value, String field) {
        if (value.isEmpty()) {
            throw ConnectException.invalid(field + ": value is required");
        }
    }
}
