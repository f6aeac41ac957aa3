package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.pug.proto.common.v1.GetFilterSchemaRequest;
import dev.sluice.pug.proto.common.v1.GetFilterSchemaResponse;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateResponse;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.shared.activity.v1.ActivityEvent;
import dev.sluice.pug.proto.shared.activity.v1.GetEventExplorerRequest;
import dev.sluice.pug.proto.shared.activity.v1.GetEventExplorerResponse;
import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.Granularity;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.InsightType;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.QueryResponse;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.server.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 BatchCreate requests of 20 events from 8 clients; the server process is SIGKILLed mid-way and
 * restarted. Every event of every acknowledged batch must be there after the restart; then the client resends
 * everything (the SDK's retry, same event ids) and each event is stored exactly once, with the filter-schema
 * counts agreeing. The analytics replica dies with the server: after the restart and after the resend, its
 * insights equal a recount of the stored events (none lost, none counted twice).
 */
class PugCrashTest {

    private static final int BATCHES = 300;
    private static final int PER_BATCH = 20;
    private static final int CLIENTS = 8;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void acknowledgedEventsSurviveSigkillAndRetriesStoreOnce() throws Exception {
        List<BatchCreateRequest> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            BatchCreateRequest.Builder req = BatchCreateRequest.newBuilder();
            for (int i = 0; i < PER_BATCH; i++) {
                req.addEvents(PugWire.event("user_" + (b % 37), "kind_" + (i % 3), 1_767_225_600_000L + b * 1000L + i));
            }
            batches.add(req.build());
        }
        Path data = Files.createDirectories(tmp.resolve("data"));
        ServerProcess first = ServerProcess.start(data, Optional.empty());
        String key = first.secret("pug-private key").orElseThrow();
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                for (int b = next.getAndIncrement(); b < BATCHES; b = next.getAndIncrement()) {
                    if (send(first.baseUrl(), key, batches.get(b)).isEmpty()) {
                        return; // the server is gone
                    }
                    acked.add(b);
                }
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acked.size() < BATCHES / 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked.size()).as("acknowledged before the kill").isBetween(1, BATCHES - 1);

        try (ServerProcess second = ServerProcess.start(data, Optional.empty())) {
            Set<String> stored = storedIds(second.baseUrl(), key);
            // The analytics replica was killed too (possibly mid-append): its answers equal a recount of the store.
            assertInsightsMatch(second.baseUrl(), key);
            for (int b : acked) {
                batches.get(b).getEventsList().forEach(e -> assertThat(stored).contains(e.getEventId()));
            }
            for (BatchCreateRequest batch : batches) {
                assertThat(send(second.baseUrl(), key, batch).orElseThrow()).isEqualTo(PER_BATCH);
            }
            Set<String> all = new HashSet<>();
            batches.forEach(b -> b.getEventsList().stream().map(Event::getEventId).forEach(all::add));
            assertThat(storedIds(second.baseUrl(), key)).isEqualTo(all);
            GetFilterSchemaResponse schema = GetFilterSchemaResponse.parseFrom(post(second.baseUrl(), key,
                    "/shared.activity.v1.ActivityService/GetFilterSchema", GetFilterSchemaRequest.getDefaultInstance()
                            .toByteArray()).body());
            assertThat(schema.getEventsList().stream().mapToLong(m -> m.getCount()).sum()).isEqualTo(BATCHES * PER_BATCH);
            assertInsightsMatch(second.baseUrl(), key);
        }
    }

    /** Event totals, unique users and events per kind, from the insights and recounted from the stored events. */
    void assertInsightsMatch(String base, String key) throws Exception {
        List<ActivityEvent> events = storedEvents(base, key);
        var range = dev.sluice.pug.proto.common.v1.TimeRange.newBuilder().setFrom(PugWire.ts(1_767_225_600_000L))
                .setTo(PugWire.ts(1_767_225_600_000L + 86_400_000L)).build();
        for (var aggregation : List.of(AggregationType.AGGREGATION_TYPE_TOTAL, AggregationType.AGGREGATION_TYPE_UNIQUE_USERS)) {
            QueryResponse res = QueryResponse.parseFrom(post(base, key, "/shared.insights.v1.InsightsService/Query",
                    QueryRequest.newBuilder().setTimeRange(range).setGranularity(Granularity.GRANULARITY_DAY)
                            .setSpec(InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_SEGMENTATION)
                                    .addEvents(EventQuery.newBuilder().setAggregation(aggregation))).build().toByteArray()).body());
            long expected = aggregation == AggregationType.AGGREGATION_TYPE_TOTAL ? events.size()
                    : events.stream().map(ActivityEvent::getDistinctId).distinct().count();
            assertThat(res.getSegmentation().getTotal()).as(aggregation.name()).isEqualTo((double) expected);
        }
        QueryResponse kinds = QueryResponse.parseFrom(post(base, key, "/shared.insights.v1.InsightsService/Query",
                QueryRequest.newBuilder().setTimeRange(range).setGranularity(Granularity.GRANULARITY_DAY)
                        .setSpec(InsightQuerySpec.newBuilder().setInsightType(InsightType.INSIGHT_TYPE_TOP_K)
                                .setTopK(TopKQuery.newBuilder().setDimension(TopKQuery.Dimension.DIMENSION_EVENT_KIND)))
                        .build().toByteArray()).body());
        java.util.Map<String, Double> recount = new java.util.TreeMap<>();
        events.forEach(e -> recount.merge(e.getKind(), 1.0, Double::sum));
        java.util.Map<String, Double> got = new java.util.TreeMap<>();
        kinds.getTopK().getRowsList().forEach(r -> got.put(r.getDimensionValue(), r.getValue()));
        assertThat(got).isEqualTo(recount);
    }

    /** Every stored event id, through the explorer's pages. */
    Set<String> storedIds(String base, String key) throws Exception {
        Set<String> ids = new HashSet<>();
        storedEvents(base, key).forEach(e -> ids.add(e.getEventId()));
        return ids;
    }

    /** Every stored event, through the explorer's pages. */
    private List<ActivityEvent> storedEvents(String base, String key) throws Exception {
        List<ActivityEvent> ids = new ArrayList<>();
        String token = "";
        for (int page = 0; page < 100; page++) {
            GetEventExplorerResponse res = GetEventExplorerResponse.parseFrom(post(base, key,
                    "/shared.activity.v1.ActivityService/GetEventExplorer", GetEventExplorerRequest.newBuilder()
                            .setPageSize(1000).setPageToken(token).build().toByteArray()).body());
            ids.addAll(res.getEventsList());
            token = res.getNextPageToken();
            if (token.isEmpty()) {
                return ids;
            }
        }
        throw new AssertionError("too many pages");
    }

    /** The accepted count; empty when the server did not answer (killed). */
    Optional<Integer> send(String base, String key, BatchCreateRequest batch) {
        try {
            HttpResponse<byte[]> res = post(base, key, "/sdk.events.v1.EventsService/BatchCreate", batch.toByteArray());
            if (res.statusCode() != 200) {
                throw new AssertionError(res.statusCode() + " " + new String(res.body()));
            }
            return Optional.of(BatchCreateResponse.parseFrom(res.body()).getAccepted());
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A binary Connect call with the project's key. */
    HttpResponse<byte[]> post(String base, String key, String path, byte[] body)
            throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/proto").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
