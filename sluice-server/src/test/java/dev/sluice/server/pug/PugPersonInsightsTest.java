package dev.sluice.server.pug;

import static dev.sluice.server.pug.PugInsightsReferenceTest.q;
import static dev.sluice.server.pug.PugInsightsReferenceTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.FunnelStep;
import dev.sluice.pug.proto.shared.insights.v1.InsightType;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersRequest;
import dev.sluice.pug.proto.shared.insights.v1.SegmentUsersResponse;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.profiles.v1.ComplianceRequestStatus;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectRequest;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectResponse;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Person-based insights on the analytics replica follow identity changes made between two queries: an identify
 * merge joins an anonymous visitor's events to the person, and erasure removes the person from every insight.
 */
class PugPersonInsightsTest {

    static final long T = PugInsightsReferenceTest.BASE + 3_600_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void mergesAndErasuresChangeTheNextAnswer(String engine) throws Exception {
        try (TestServer s = engine.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()))) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            assertThat(PugWire.unary(s, PugIngestContractTest.BATCH, BatchCreateRequest.newBuilder()
                    .addEvents(PugWire.event("anon-7", "page_view", T)).addEvents(PugWire.event("anon-7", "page_view", T + 1000))
                    .addEvents(PugWire.event("user_7", "purchase", T + 60_000))
                    .addEvents(PugWire.event("user_8", "page_view", T + 5000)).build(), key).statusCode()).isEqualTo(200);

            assertThat(uniqueUsers(s, key)).isEqualTo(3);
            assertThat(segment(s, key)).isEmpty();
            assertThat(purchasers(s, key)).isZero();

            assertThat(PugWire.unary(s, PugIngestContractTest.IDENTIFY, IdentifyRequest.newBuilder().setExternalId("user_7")
                    .setAnonymousId("anon-7").build(), key).statusCode()).isEqualTo(200);
            assertThat(uniqueUsers(s, key)).isEqualTo(2);
            assertThat(segment(s, key)).containsExactly("user_7");
            assertThat(purchasers(s, key)).isEqualTo(1);

            DeleteDataSubjectResponse erased = DeleteDataSubjectResponse.parseFrom(PugWire.unary(s,
                    PugReadsTest.PROFILES + "DeleteDataSubject", DeleteDataSubjectRequest.newBuilder().setExternalId("user_7")
                            .build(), key).body());
            assertThat(erased.getStatus()).isEqualTo(ComplianceRequestStatus.COMPLIANCE_REQUEST_STATUS_COMPLETED);
            assertThat(uniqueUsers(s, key)).isEqualTo(1);
            assertThat(segment(s, key)).isEmpty();
            assertThat(purchasers(s, key)).isZero();
            assertThat(PugInsightsReferenceTest.query(s, key, spec(InsightType.INSIGHT_TYPE_SEGMENTATION)
                    .addEvents(q("", AggregationType.AGGREGATION_TYPE_TOTAL, "")).build()).getSegmentation().getTotal())
                    .isEqualTo(1.0);
            assertThat(PugInsightsReferenceTest.query(s, key, spec(InsightType.INSIGHT_TYPE_TOP_K).setTopK(TopKQuery
                    .newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_USER)).build()).getTopK().getRowsList())
                    .extracting(r -> r.getValue()).containsExactly(1.0);
        }
    }

    private static double uniqueUsers(TestServer s, String key) throws Exception {
        return PugInsightsReferenceTest.query(s, key, spec(InsightType.INSIGHT_TYPE_SEGMENTATION)
                .addEvents(q("", AggregationType.AGGREGATION_TYPE_UNIQUE_USERS, "")).build()).getSegmentation().getTotal();
    }

    /** People who reached the purchase step of page_view → purchase. */
    private static double purchasers(TestServer s, String key) throws Exception {
        List<FunnelStep> steps = PugInsightsReferenceTest.query(s, key, spec(InsightType.INSIGHT_TYPE_FUNNEL)
                .addEvents(q("page_view", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, ""))
                .addEvents(q("purchase", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, "")).build())
                .getFunnel().getSeries(0).getStepsList();
        return steps.get(1).getTotal();
    }

    private static List<String> segment(TestServer s, String key) throws Exception {
        return SegmentUsersResponse.parseFrom(PugWire.unary(s, "/shared.insights.v1.InsightsService/SegmentUsers",
                SegmentUsersRequest.newBuilder().setTimeRange(PugInsightsReferenceTest.range())
                        .addEvents(q("page_view", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, ""))
                        .addEvents(q("purchase", AggregationType.AGGREGATION_TYPE_UNSPECIFIED, "")).setPageSize(100).build(),
                key).body()).getDistinctIdsList();
    }
}
