package dev.sluice.bench;

import com.google.protobuf.Timestamp;
import dev.sluice.pug.proto.common.v1.EventFilter;
import dev.sluice.pug.proto.common.v1.FilterOperator;
import dev.sluice.pug.proto.common.v1.PropertyFilter;
import dev.sluice.pug.proto.common.v1.PropertySource;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.common.v1.TimeRange;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.pug.proto.shared.insights.v1.AggregationType;
import dev.sluice.pug.proto.shared.insights.v1.Breakdown;
import dev.sluice.pug.proto.shared.insights.v1.FilterGroup;
import dev.sluice.pug.proto.shared.insights.v1.EventQuery;
import dev.sluice.pug.proto.shared.insights.v1.Granularity;
import dev.sluice.pug.proto.shared.insights.v1.InsightQuerySpec;
import dev.sluice.pug.proto.shared.insights.v1.InsightType;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.insights.v1.TopKQuery;
import dev.sluice.pug.proto.shared.insights.v1.UserFlowQuery;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.auth.KeyKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pug load: BatchCreate batches of 100 events from concurrent clients over real HTTP (binary Connect), then
 * insight queries over everything ingested. Usage: {@code PugBench [events=1000000] [clients=8] [db-url]}.
 * Prints one line per measurement; see BENCHMARKS.md ("Pug benchmarks") for how the published numbers were taken.
 * Properties: {@code pugbench.only}, {@code pugbench.runs}, {@code pugbench.users}, {@code pugbench.dir} (keep the
 * data dir; a second run on it skips ingest), {@code pugbench.synthetic} (see {@link SyntheticEvents}).
 */
public final class PugBench {

    static final String[] KINDS = {"page_view", "page_view", "page_view", "search", "add_to_cart", "purchase", "signup"};
    static final long DAY = 86_400_000L;
    /** Distinct users (-Dpugbench.users; the 10M benchmark asks for at least 100,000). */
    static final int USERS = Integer.getInteger("pugbench.users", 20_000);

    private PugBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        // -Dpugbench.dir=DIR keeps the data dir and, when it already holds a run, reuses it without ingesting.
        String keepDir = System.getProperty("pugbench.dir", "");
        Path dir = keepDir.isBlank() ? Files.createTempDirectory("pug-bench") : Files.createDirectories(Path.of(keepDir));
        Path keyFile = dir.resolve("pugbench.key");
        boolean reuse = Files.exists(keyFile);
        ServerConfig base = ServerConfig.defaults(dir);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, args.length > 2 ? Optional.of(args[2]) : Optional.empty(),
                base.limits());
        try (SluiceServer server = SluiceServer.start(config, Clock.systemUTC())) {
            String key = reuse ? Files.readString(keyFile).trim() : server.firstRun().orElseThrow().key(KeyKind.PUG_PRIVATE);
            if (!keepDir.isBlank()) {
                Files.writeString(keyFile, key);
            }
            String project = server.store().listProjects().getFirst().id().value();
            String url = server.baseUrl();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // The 30 days before today (UTC): older events would fall to the default 90-day retention, whose first
            // purge runs a minute after start. A reused data dir keeps the days it was filled with.
            Path startFile = dir.resolve("pugbench.start");
            long start = reuse && Files.exists(startFile) ? Long.parseLong(Files.readString(startFile).trim())
                    : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli() - 30 * DAY;
            if (!keepDir.isBlank()) {
                Files.writeString(startFile, Long.toString(start));
            }
            // -Dpugbench.synthetic=true: the first 10,000 events through BatchCreate (so the replica promotes its
            // columns from real traffic), the rest generated inside DuckDB with the same distribution.
            boolean synthetic = Boolean.getBoolean("pugbench.synthetic");
            int ingested = reuse ? 0 : synthetic ? Math.min(total, 10_000) : total;
            int batches = ingested / 100;
            long[] latencies = new long[batches];
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            if (batches == 0) {
                System.out.printf("ingest skipped: reusing %s (%s)%n", dir, loadAverage());
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    futures.add(pool.submit(() -> {
                        Random r = new Random(client);
                        // Event ids as the Node SDK makes them: UUIDv7, time-ordered.
                        dev.sluice.protocol.Ids ids = dev.sluice.protocol.Ids.create(Clock.systemUTC());
                        for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                            byte[] body = batch(r, ids, start).toByteArray();
                            long s = System.nanoTime();
                            HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(url
                                    + "/sdk.events.v1.EventsService/BatchCreate")).header("Content-Type", "application/proto")
                                    .header("x-api-key", key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            latencies[b] = System.nanoTime() - s;
                            if (res.statusCode() != 200) {
                                throw new IllegalStateException("status " + res.statusCode() + ": " + new String(res.body()));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latencies);
            if (batches > 0) System.out.printf("ingest events=%d batches=%d clients=%d seconds=%.1f events_per_s=%.0f batches_per_s=%.0f "
                            + "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f store=%s load=%s%n", ingested, batches, clients, seconds,
                    ingested / seconds, batches / seconds, latencies[batches / 2] / 1e6, latencies[(int) (batches * 0.99)] / 1e6,
                    latencies[batches - 1] / 1e6, server.store().dialect(), loadAverage());
            // The replica follows the store while it ingests; how far behind it is when ingest stops, and catching up.
            if (synthetic && !reuse && total > ingested) {
                server.analytics().sync();
                long g0 = System.nanoTime();
                SyntheticEvents.append(server.analytics(), project, total - ingested, USERS, start);
                System.out.printf("synthetic events=%d seconds=%.1f load=%s%n", total - ingested,
                        (System.nanoTime() - g0) / 1e9, loadAverage());
            }
            var lag = server.analytics().lag();
            long c0 = System.nanoTime();
            server.analytics().sync();
            long replicaBytes = Files.size(dir.resolve(SluiceServer.ANALYTICS_FILE));
            System.out.printf("replica lag_at_end_events=%d lag_at_end_s=%.1f catch_up_s=%.1f replica_mib=%d "
                            + "data_dir_mib=%d rss_mib=%d hwm_mib=%d promoted=%s%n", lag.events(), lag.age().toMillis() / 1000.0,
                    (System.nanoTime() - c0) / 1e9, replicaBytes >> 20, treeBytes(dir) >> 20, rssMib(), memoryMib("VmHWM:"),
                    server.analytics().promoted().stream().map(k -> k.source() + ":" + k.name()).toList());
            // The log's own view: items per commit and the store transaction time per commit.
            http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                    .body().lines().filter(l -> l.startsWith("sluice_commit_")).forEach(l -> System.out.println("metric " + l));
            Map<String, InsightQuerySpec> queries = new LinkedHashMap<>();
            queries.put("trends_total_day", spec(InsightType.INSIGHT_TYPE_TRENDS).addEvents(q("page_view",
                    AggregationType.AGGREGATION_TYPE_TOTAL)).build());
            // The 10M target query: a daily trend with one property filter and one breakdown.
            queries.put("trends_filter_breakdown_day", spec(InsightType.INSIGHT_TYPE_TRENDS).addEvents(q("page_view",
                    AggregationType.AGGREGATION_TYPE_TOTAL)).addBreakdowns(Breakdown.newBuilder().setProperty("path"))
                    .addFilterGroups(FilterGroup.newBuilder().addFilters(PropertyFilter.newBuilder().setProperty("amount")
                            .setOperator(FilterOperator.FILTER_OPERATOR_GTE).setValue("50")
                            .setSource(PropertySource.PROPERTY_SOURCE_CUSTOM))).build());
            queries.put("trends_unique_users_day", spec(InsightType.INSIGHT_TYPE_TRENDS).addEvents(q("",
                    AggregationType.AGGREGATION_TYPE_UNIQUE_USERS)).build());
            queries.put("funnel_3_steps_timing", spec(InsightType.INSIGHT_TYPE_FUNNEL).addEvents(q("page_view", null))
                    .addEvents(q("add_to_cart", null)).addEvents(q("purchase", null)).setIncludeStepTiming(true)
                    .setConversionWindow(com.google.protobuf.Duration.newBuilder().setSeconds(3600)).build());
            queries.put("retention_day", spec(InsightType.INSIGHT_TYPE_RETENTION).addEvents(q("signup", null))
                    .addEvents(q("page_view", null)).build());
            queries.put("top_k_kinds", spec(InsightType.INSIGHT_TYPE_TOP_K).setTopK(TopKQuery.newBuilder()
                    .setDimension(TopKQuery.Dimension.DIMENSION_EVENT_KIND)).build());
            queries.put("user_flow", spec(InsightType.INSIGHT_TYPE_USER_FLOW).setUserFlow(UserFlowQuery.getDefaultInstance()).build());
            // -Dpugbench.only=a,b runs a subset; -Dpugbench.runs=N sets runs per query (first is cold).
            List<String> only = List.of(System.getProperty("pugbench.only", "").split(",")).stream()
                    .filter(x -> !x.isBlank()).toList();
            int repeat = Integer.getInteger("pugbench.runs", 4);
            for (Map.Entry<String, InsightQuerySpec> q : queries.entrySet()) {
                if (!only.isEmpty() && !only.contains(q.getKey())) {
                    continue;
                }
                byte[] body = QueryRequest.newBuilder().setSpec(q.getValue()).setGranularity(Granularity.GRANULARITY_DAY)
                        .setTimeRange(TimeRange.newBuilder().setFrom(ts(start)).setTo(ts(start + 31 * DAY))).build().toByteArray();
                long[] runs = new long[Math.max(2, repeat)];
                for (int i = 0; i < runs.length; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(url
                            + "/shared.insights.v1.InsightsService/Query")).timeout(Duration.ofMinutes(10))
                            .header("Content-Type", "application/proto").header("x-api-key", key)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    runs[i] = System.nanoTime() - s;
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException(q.getKey() + ": " + new String(res.body()));
                    }
                }
                long[] warm = Arrays.copyOfRange(runs, 1, runs.length);
                Arrays.sort(warm);
                // The same question asked of DuckDB directly, on the same rows, in the same run.
                String raw = RawDuckDb.queries().get(q.getKey());
                long[] rawRuns = new long[runs.length];
                for (int i = 0; raw != null && i < rawRuns.length; i++) {
                    try {
                        rawRuns[i] = RawDuckDb.time(server.analytics(), raw, project, start, start + 31 * DAY);
                    } catch (RuntimeException e) {
                        // Under a memory cap the hand-written query may fail where Sluice's answered: say so, go on.
                        System.out.printf("raw %s failed: %s%n", q.getKey(), e.getMessage().lines().findFirst().orElse(""));
                        rawRuns[i] = -1;
                    }
                }
                long[] rawWarm = Arrays.copyOfRange(rawRuns, 1, rawRuns.length);
                Arrays.sort(rawWarm);
                // A failed raw run sorts first (-1): then there is no raw median to compare with.
                boolean rawFailed = rawWarm[0] < 0;
                System.out.printf("insight %s events=%d first_s=%.3f median_warm_s=%.3f raw_duckdb_median_warm_s=%s "
                                + "ratio=%s rss_mib=%d hwm_mib=%d load=%s%n", q.getKey(), total, runs[0] / 1e9,
                        warm[warm.length / 2] / 1e9, rawFailed ? "failed" : String.format("%.3f", rawWarm[rawWarm.length / 2] / 1e9),
                        rawFailed ? "-" : String.format("%.2f", (double) warm[warm.length / 2] / Math.max(1, rawWarm[rawWarm.length / 2])),
                        rssMib(), memoryMib("VmHWM:"), loadAverage());
            }
        } finally {
            // A 1M-event SQLite store is ~400 MB: never leave one behind in /tmp.
            if (keepDir.isBlank()) {
                Target.deleteTree(dir);
            }
        }
    }

    /** The 1, 5 and 15 minute load averages (the box is shared: read absolute times against them). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Bytes of every file under {@code dir} (store, WAL, replica). */
    static long treeBytes(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** This process's resident set (server, replica and the load generator), from /proc. */
    static long rssMib() {
        return memoryMib("VmRSS:");
    }

    /** A memory line of /proc/self/status in MiB ({@code VmRSS:} now, {@code VmHWM:} the peak so far). */
    static long memoryMib(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0) >> 10;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** 100 events of {@link #USERS} users (20,000 by default), one session per (user, day), over 30 days. */
    static BatchCreateRequest batch(Random r, dev.sluice.protocol.Ids ids, long start) {
        BatchCreateRequest.Builder out = BatchCreateRequest.newBuilder();
        for (int i = 0; i < 100; i++) {
            int user = r.nextInt(USERS);
            int day = r.nextInt(30);
            long t = start + day * DAY + r.nextInt(86_400) * 1000L;
            out.addEvents(Event.newBuilder().setEventId(ids.next()).setDistinctId("user_" + user)
                    .setKind(KINDS[r.nextInt(KINDS.length)]).setOccurTime(ts(t))
                    .setSessionId(new UUID(user, day).toString())
                    .putAutoProperties("$lib", PropertyValue.newBuilder().setStringValue("pug-node").build())
                    .putCustomProperties("path", PropertyValue.newBuilder().setStringValue("/p" + r.nextInt(50)).build())
                    .putCustomProperties("amount", PropertyValue.newBuilder().setIntValue(r.nextInt(100)).build()));
        }
        return out.build();
    }

    static InsightQuerySpec.Builder spec(InsightType type) {
        return InsightQuerySpec.newBuilder().setInsightType(type);
    }

    static EventQuery q(String kind, AggregationType aggregation) {
        EventQuery.Builder b = EventQuery.newBuilder().setEvent(EventFilter.newBuilder().setKind(kind));
        if (aggregation != null) {
            b.setAggregation(aggregation);
        }
        return b.build();
    }

    static Timestamp ts(long millis) {
        return Timestamp.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build();
    }
}
