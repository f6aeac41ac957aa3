package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sluice.pug.proto.common.v1.FilterOperator;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaRequest;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaResponse;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
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
import dev.sluice.pug.proto.shared.profiles.v1.ComplianceRequestStatus;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectRequest;
import dev.sluice.pug.proto.shared.profiles.v1.DeleteDataSubjectResponse;
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
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read services over raw Connect bytes, on SQLite and PostgreSQL. */
class PugReadsTest {

    static final String PROFILES = "/shared.profiles.v1.ProfilesService/";
    static final String ACTIVITY = "/shared.activity.v1.ActivityService/";

    @TempDir
    Path dir;

    TestServer start(String engine) {
        return engine.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static <T extends Message> T ok(HttpResponse<byte[]> res, T prototype) throws Exception {
        assertThat(res.statusCode()).as(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        @SuppressWarnings("unchecked")
        T parsed = (T) prototype.getParserForType().parseFrom(res.body());
        return parsed;
    }

    /** Data envelopes as ListResponses, and the end-of-stream JSON. */
    record Stream(List<ListResponse> pages, JsonNode end) {
        static Stream parse(byte[] body) throws Exception {
            ByteBuffer buf = ByteBuffer.wrap(body);
            List<ListResponse> pages = new ArrayList<>();
            JsonNode end = null;
            while (buf.hasRemaining()) {
                int flags = buf.get();
                byte[] payload = new byte[buf.getInt()];
                buf.get(payload);
                if ((flags & 2) != 0) {
                    assertThat(buf.hasRemaining()).isFalse();
                    end = Json.MAPPER.readTree(payload);
                } else {
                    pages.add(ListResponse.parseFrom(payload));
                }
            }
            assertThat(end).as("end-of-stream envelope").isNotNull();
            return new Stream(pages, end);
        }

        List<Profile> profiles() {
            return pages.stream().flatMap(p -> p.getProfilesList().stream()).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void profilesActivityAndErasure(String engine) throws Exception {
        try (TestServer s = start(engine)) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            long t0 = System.currentTimeMillis() - 3_600_000;
            // An anonymous visitor browses, then signs up and is identified with the anonymous id.
            BatchCreateRequest.Builder batch = BatchCreateRequest.newBuilder();
            for (int i = 0; i < 5; i++) {
                batch.addEvents(PugWire.event("anon-7", "page_view", t0 + i * 1000).toBuilder()
                        .putCustomProperties("path", PropertyValue.newBuilder().setStringValue("/p" + (i % 2)).build()));
            }
            batch.addEvents(PugWire.event("user_42", "purchase", t0 + 10_000).toBuilder()
                    .putCustomProperties("amount", PropertyValue.newBuilder().setDoubleValue(10).build()));
            ok(PugWire.unary(s, PugIngestContractTest.BATCH, batch.build(), key),
                    dev.sluice.pug.proto.sdk.events.v1.BatchCreateResponse.getDefaultInstance());
            ok(PugWire.unary(s, PugIngestContractTest.IDENTIFY, IdentifyRequest.newBuilder().setExternalId("user_42")
                    .setAnonymousId("anon-7").setDeviceId("dev-1").setTraits(Struct.newBuilder()
                            .putFields("plan", Value.newBuilder().setStringValue("pro").build())
                            .putFields("seats", Value.newBuilder().setNumberValue(3).build())).build(), key),
                    dev.sluice.pug.proto.sdk.profiles.v1.IdentifyResponse.getDefaultInstance());
            ok(PugWire.unary(s, PugIngestContractTest.IDENTIFY, IdentifyRequest.newBuilder().setExternalId("user_42")
                    .setTraits(Struct.newBuilder().putFields("seats", Value.newBuilder().setNumberValue(5).build()))
                    .build(), key), dev.sluice.pug.proto.sdk.profiles.v1.IdentifyResponse.getDefaultInstance());

            Profile byExternal = ok(PugWire.unary(s, PROFILES + "GetByExternalId",
                    GetByExternalIdRequest.newBuilder().setExternalId("user_42").build(), key),
                    GetByExternalIdResponse.getDefaultInstance()).getProfile();
            assertThat(byExternal.getId()).hasSize(20);
            assertThat(byExternal.getProperties().getFieldsMap()).containsEntry("plan",
                    Value.newBuilder().setStringValue("pro").build()).containsEntry("seats",
                    Value.newBuilder().setNumberValue(5).build());
            assertThat(byExternal.getActivity().getTotalEvents()).isEqualTo(6);
            assertThat(byExternal.getActivity().getPageviews()).isEqualTo(5);
            assertThat(byExternal.getActivity().getSessions()).isEqualTo(1);
            // The claimed anonymous id resolves to the canonical profile.
            assertThat(ok(PugWire.unary(s, PROFILES + "Get", GetRequest.newBuilder().setId("anon-7").build(), key),
                    GetResponse.getDefaultInstance()).getProfile().getId()).isEqualTo(byExternal.getId());
            HttpResponse<byte[]> missing = PugWire.unary(s, PROFILES + "Get", GetRequest.newBuilder().setId("nope").build(), key);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(missing.body()).get("code").asText()).isEqualTo("not_found");

            // The feed resolves aliases (anonymous events included) and pages newest first.
            GetActivityFeedResponse first = ok(PugWire.unary(s, ACTIVITY + "GetActivityFeed",
                    GetActivityFeedRequest.newBuilder().setDistinctId("user_42").setPageSize(4).build(), key),
                    GetActivityFeedResponse.getDefaultInstance());
            assertThat(first.getEventsList()).hasSize(4);
            assertThat(first.getEvents(0).getKind()).isEqualTo("purchase");
            assertThat(first.getEvents(0).getCustomProperties().getFieldsMap().get("amount").getNumberValue()).isEqualTo(10);
            GetActivityFeedResponse second = ok(PugWire.unary(s, ACTIVITY + "GetActivityFeed",
                    GetActivityFeedRequest.newBuilder().setDistinctId("user_42").setPageSize(4)
                            .setPageToken(first.getNextPageToken()).build(), key),
                    GetActivityFeedResponse.getDefaultInstance());
            assertThat(second.getEventsList()).hasSize(2);
            assertThat(second.getNextPageToken()).isEmpty();
            // The explorer does not resolve aliases; property filters apply.
            GetEventExplorerResponse explorer = ok(PugWire.unary(s, ACTIVITY + "GetEventExplorer",
                    GetEventExplorerRequest.newBuilder().setDistinctId("anon-7").addPropertyFilters(PropertyFilter
                            .newBuilder().setProperty("path").setOperator(FilterOperator.FILTER_OPERATOR_EQUALS)
                            .setValue("/p1")).build(), key), GetEventExplorerResponse.getDefaultInstance());
            assertThat(explorer.getEventsList()).hasSize(2);

            GetFilterSchemaResponse schema = ok(PugWire.unary(s, ACTIVITY + "GetFilterSchema",
                    GetFilterSchemaRequest.getDefaultInstance(), key), GetFilterSchemaResponse.getDefaultInstance());
            assertThat(schema.getEventsList()).extracting(e -> e.getName() + ":" + e.getCount())
                    .containsExactly("page_view:5", "purchase:1");
            assertThat(schema.getCustomPropertyKeysList()).extracting(k -> k.getName() + ":" + k.getValueTypeValue())
                    .containsExactlyInAnyOrder("path:1", "amount:3");
            assertThat(schema.getProfilePropertyKeysList()).extracting(k -> k.getName()).containsExactly("plan", "seats");
            assertThat(ok(PugWire.unary(s, ACTIVITY + "GetPropertyValues", GetPropertyValuesRequest.newBuilder()
                    .setPropertyKey("path").setSource(PropertySource.PROPERTY_SOURCE_CUSTOM).build(), key),
                    GetPropertyValuesResponse.getDefaultInstance()).getValuesList()).containsExactly("/p0", "/p1");
            assertThat(PugWire.unary(s, ACTIVITY + "GetPropertyValues", GetPropertyValuesRequest.newBuilder()
                    .setPropertyKey("path").build(), key).statusCode()).isEqualTo(400);
            assertThat(ok(PugWire.unary(s, ACTIVITY + "GetActivityHeatmap", GetActivityHeatmapRequest.newBuilder()
                    .setDistinctId("user_42").build(), key), GetActivityHeatmapResponse.getDefaultInstance())
                    .getDaysList().stream().mapToLong(d -> d.getCount()).sum()).isEqualTo(6);
            GetProfileStatsResponse stats = ok(PugWire.unary(s, ACTIVITY + "GetProfileStats",
                    GetProfileStatsRequest.newBuilder().setDistinctId("anon-7").build(), key),
                    GetProfileStatsResponse.getDefaultInstance());
            assertThat(stats.getStats().getTotalEvents()).isEqualTo(6);
            assertThat(stats.getProperties().getFieldsMap()).containsKey("plan");

            // The insights service serves the same schema and values.
            assertThat(ok(PugWire.unary(s, "/shared.insights.v1.InsightsService/GetFilterSchema",
                    GetFilterSchemaRequest.newBuilder().setEventKind("purchase").build(), key),
                    GetFilterSchemaResponse.getDefaultInstance()).getCustomPropertyKeysList())
                    .extracting(k -> k.getName()).containsExactly("amount");
            assertThat(ok(PugWire.unary(s, "/shared.insights.v1.InsightsService/GetPropertyValues",
                    dev.sluice.pug.proto.shared.insights.v1.GetPropertyValuesRequest.newBuilder().setPropertyKey("plan")
                            .setSource(PropertySource.PROPERTY_SOURCE_PROFILE).build(), key),
                    dev.sluice.pug.proto.shared.insights.v1.GetPropertyValuesResponse.getDefaultInstance()).getValuesList())
                    .containsExactly("pro");

            // REST mirror with the admin token.
            HttpResponse<String> rest = s.post("/api/projects/default/analytics/shared.profiles.v1.ProfilesService/"
                    + "GetByExternalId", "{\"externalId\":\"user_42\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", "Bearer " + s.adminToken(), "Content-Type", "application/json"));
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(rest.body()).at("/profile/externalId").asText()).isEqualTo("user_42");

            // Erasure removes every event and profile row of the person.
            DeleteDataSubjectResponse erased = ok(PugWire.unary(s, PROFILES + "DeleteDataSubject",
                    DeleteDataSubjectRequest.newBuilder().setExternalId("user_42").build(), key),
                    DeleteDataSubjectResponse.getDefaultInstance());
            GetDeletionRequestResponse status = ok(PugWire.unary(s, PROFILES + "GetDeletionRequest",
                    GetDeletionRequestRequest.newBuilder().setRequestId(erased.getRequestId()).build(), key),
                    GetDeletionRequestResponse.getDefaultInstance());
            assertThat(status.getStatus()).isEqualTo(ComplianceRequestStatus.COMPLIANCE_REQUEST_STATUS_COMPLETED);
            assertThat(status.getEventsIdentified()).isEqualTo(6);
            assertThat(status.getProfileId()).isEqualTo(byExternal.getId());
            assertThat(PugWire.unary(s, PROFILES + "GetByExternalId", GetByExternalIdRequest.newBuilder()
                    .setExternalId("user_42").build(), key).statusCode()).isEqualTo(404);
            assertThat(ok(PugWire.unary(s, ACTIVITY + "GetEventExplorer", GetEventExplorerRequest.getDefaultInstance(),
                    key), GetEventExplorerResponse.getDefaultInstance()).getEventsList()).isEmpty();
            long leftover = s.server().store().read(c -> {
                long n = 0;
                for (String t : List.of("analytics_events", "analytics_profiles", "analytics_profile_properties",
                        "analytics_aliases", "analytics_devices")) {
                    try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + t)) {
                        rs.next();
                        n += rs.getLong(1);
                    }
                }
                return n;
            });
            assertThat(leftover).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void keysAtSluicesBoundAreStored(String engine) throws Exception {
        // 2000 bytes in every indexed column: PostgreSQL index entries must still fit.
        try (TestServer s = start(engine)) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            assertThat(PugWire.unary(s, PugIngestContractTest.BATCH, BatchCreateRequest.newBuilder().addEvents(
                    PugWire.event("é".repeat(1000), "k".repeat(2000), 1_700_000_000_000L).toBuilder()
                            .putCustomProperties("p".repeat(2000), PropertyValue.newBuilder().setBoolValue(true).build()))
                    .build(), key).statusCode()).isEqualTo(200);
            assertThat(PugWire.unary(s, PugIngestContractTest.IDENTIFY, IdentifyRequest.newBuilder()
                    .setExternalId("x".repeat(2000)).setTraits(Struct.newBuilder().putFields("t".repeat(2000),
                            Value.newBuilder().setBoolValue(true).build())).build(), key).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void listStreamsEveryPageThenEndOfStream(String engine) throws Exception {
        try (TestServer s = start(engine)) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            for (int i = 0; i < 230; i++) {
                PugWire.unary(s, PugIngestContractTest.IDENTIFY, IdentifyRequest.newBuilder().setExternalId("u" + i)
                        .setTraits(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                        .build(), key);
            }
            HttpResponse<byte[]> res = PugWire.stream(s, PROFILES + "List", ListRequest.getDefaultInstance(), key);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("content-type")).hasValue("application/connect+proto");
            Stream all = Stream.parse(res.body());
            assertThat(all.pages()).hasSize(3);
            assertThat(all.profiles()).hasSize(230);
            assertThat(all.pages().get(0).getNextPageToken()).isNotEmpty();
            assertThat(all.pages().get(2).getNextPageToken()).isEmpty();
            assertThat(all.end().toString()).isEqualTo("{}");
            // Manual paging from a page token, and filter groups.
            Stream rest = Stream.parse(PugWire.stream(s, PROFILES + "List", ListRequest.newBuilder()
                    .setPageToken(all.pages().get(0).getNextPageToken()).build(), key).body());
            assertThat(rest.profiles()).hasSize(130);
            Stream filtered = Stream.parse(PugWire.stream(s, PROFILES + "List", ListRequest.newBuilder()
                    .addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder().setProperty("n")
                            .setOperator(FilterOperator.FILTER_OPERATOR_BETWEEN).addValues("10").addValues("19")))
                    .build(), key).body());
            assertThat(filtered.profiles()).extracting(Profile::getExternalId).hasSize(10).contains("u10", "u19");
            // Errors, auth included, are HTTP 200 plus an end-of-stream error.
            HttpResponse<byte[]> denied = PugWire.stream(s, PROFILES + "List", ListRequest.getDefaultInstance(),
                    s.key(KeyKind.PUG_PUBLIC));
            assertThat(denied.statusCode()).isEqualTo(200);
            assertThat(Stream.parse(denied.body()).end().at("/error/code").asText()).isEqualTo("unauthenticated");
            Stream invalid = Stream.parse(PugWire.stream(s, PROFILES + "List", ListRequest.newBuilder()
                    .addFilterGroups(FilterGroup.getDefaultInstance()).build(), key).body());
            assertThat(invalid.end().at("/error/code").asText()).isEqualTo("invalid_argument");
        }
    }
}
