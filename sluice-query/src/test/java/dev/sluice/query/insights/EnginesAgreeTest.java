package dev.sluice.query.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.analytics.PromotedKey;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.insights.Filters.EventFilter;
import dev.sluice.query.insights.Filters.FilterGroup;
import dev.sluice.query.insights.Filters.Op;
import dev.sluice.query.insights.Filters.PropertyFilter;
import dev.sluice.query.insights.Filters.Source;
import dev.sluice.query.insights.InsightQuery.Aggregation;
import dev.sluice.query.insights.InsightQuery.Dimension;
import dev.sluice.query.insights.InsightQuery.EventQuery;
import dev.sluice.query.insights.InsightQuery.FlowQuery;
import dev.sluice.query.insights.InsightQuery.Granularity;
import dev.sluice.query.insights.InsightQuery.SessionMetric;
import dev.sluice.query.insights.InsightQuery.SessionQuery;
import dev.sluice.query.insights.InsightQuery.TopKQuery;
import dev.sluice.query.insights.InsightQuery.Type;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.Store;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded-random differential test: random events (strings, numbers, booleans, nulls, nested and dotted keys,
 * empty strings), identities and profiles; random queries of every type, filter operator, aggregation,
 * breakdown and granularity. The SQL engine on the replica must answer exactly as the scan engine does.
 */
class EnginesAgreeTest {

    static final ProjectId P = new ProjectId("proj");
    static final long BASE = 1_772_409_600_000L; // a Monday, UTC
    static final String[] KINDS = {"view", "click", "buy", "sign.up"};
    static final String[] WORDS = {"a", "b", "Pro", "pro plan", "", "12", "7.5"};

    @TempDir
    Path dir;

    @Test
    void sqlOnTheReplicaAnswersAsTheScanEngine() {
        Random r = new Random(20_260_302L);
        try (Store store = Store.open(TestDatabases.sqlite(dir));
             AnalyticsReplica replica = AnalyticsReplica.open(dir.resolve("a.duckdb"), store, Clock.systemUTC())) {
            seed(store, r);
            InsightEngine scan = InsightEngines.scan(store);
            InsightEngine sql = InsightEngines.replica(replica, store);
            for (int i = 0; i < 150; i++) {
                InsightQuery q = query(r);
                assertThat(sql.query(P, q)).as("query %d: %s", i, q).isEqualTo(scan.query(P, q));
            }
            for (int i = 0; i < 30; i++) {
                SegmentQuery q = new SegmentQuery(BASE, BASE + 20 * 86_400_000L, List.of(eq(r), eq(r)), groups(r),
                        r.nextBoolean(), 1 + r.nextInt(20), r.nextInt(3) == 0 ? "u" + r.nextInt(40) : "");
                assertThat(sql.segmentUsers(P, q)).as("segment %d: %s", i, q).isEqualTo(scan.segmentUsers(P, q));
            }
            // The frequent, stably typed keys were answered from promoted columns; dotted and rare ones from JSON.
            assertThat(replica.promoted()).extracting(PromotedKey::name).contains("plan", "amount", "$browser")
                    .doesNotContain("a.b", "missing");
        }
    }

    /** Funnels only (steps repeating kinds, windows, timing, breakdowns): the SQL chain equals the greedy walk. */
    @Test
    void funnelsInSqlAnswerAsTheGreedyWalk() {
        Random r = new Random(20_261_130L);
        try (Store store = Store.open(TestDatabases.sqlite(dir));
             AnalyticsReplica replica = AnalyticsReplica.open(dir.resolve("f.duckdb"), store, Clock.systemUTC())) {
            seed(store, r);
            InsightEngine scan = InsightEngines.scan(store);
            InsightEngine sql = InsightEngines.replica(replica, store);
            for (int i = 0; i < 60; i++) {
                InsightQuery random = query(r);
                List<EventQuery> steps = new ArrayList<>();
                for (int s = 0, n = 1 + r.nextInt(4); s < n; s++) {
                    steps.add(eq(r));
                }
                InsightQuery q = new InsightQuery(Type.FUNNEL, random.from(), random.to(), random.granularity(), steps,
                        random.breakdowns(), random.breakdownLimit(), random.filterGroups(), random.groupsAny(),
                        r.nextBoolean() ? OptionalLong.of((1 + r.nextInt(600)) * 60_000L) : OptionalLong.empty(), true,
                        Optional.empty(), Optional.empty(), Optional.empty());
                assertThat(sql.query(P, q)).as("funnel %d: %s", i, q).isEqualTo(scan.query(P, q));
            }
        }
    }

    private static void seed(Store store, Random r) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String distinct = r.nextInt(15) == 0 ? "" : (r.nextBoolean() ? "u" : "anon") + r.nextInt(40);
            rows.add(new EventRow("e" + i, distinct, KINDS[r.nextInt(KINDS.length)],
                    BASE - 86_400_000L + r.nextInt(22 * 86_400) * 1000L, distinct.isEmpty() || r.nextInt(10) == 0 ? ""
                    : "s" + r.nextInt(120), distinct.isEmpty(), "{\"$browser\":\"" + WORDS[r.nextInt(3)] + "\"}",
                    props(r), 1L));
        }
        store.write(tx -> tx.analytics().insertEvents(P, rows));
        store.write(tx -> {
            for (int i = 0; i < 40; i += 2) {
                tx.analytics().insertProfile(P, "prof" + i, "u" + i, 1);
                tx.analytics().putAlias(P, "u" + i, "prof" + i, 1);
                if (i % 4 == 0) {
                    tx.analytics().putAlias(P, "anon" + i, "prof" + i, 1);
                }
                tx.analytics().putProperties(P, "prof" + i, Map.of("tier", i % 3 == 0 ? "\"gold\"" : "\"silver\"",
                        "age", Integer.toString(20 + i)));
            }
            return null;
        });
    }

    private static String props(Random r) {
        List<String> kv = new ArrayList<>();
        kv.add("\"plan\":\"" + WORDS[r.nextInt(WORDS.length)] + "\"");
        if (r.nextInt(4) > 0) {
            kv.add("\"amount\":" + (r.nextBoolean() ? Integer.toString(r.nextInt(100)) : r.nextInt(50) + ".5"));
        }
        switch (r.nextInt(5)) {
            case 0 -> kv.add("\"flag\":true");
            case 1 -> kv.add("\"flag\":null");
            case 2 -> kv.add("\"a\":{\"b\":\"" + WORDS[r.nextInt(WORDS.length)] + "\"}");
            case 3 -> kv.add("\"a.b\":\"dotted\"");
            default -> kv.add("\"path\":\"/p" + r.nextInt(4) + "\"");
        }
        return "{" + String.join(",", kv) + "}";
    }

    private static final String[] PROPS = {"plan", "amount", "flag", "a.b", "path", "$browser", "missing"};

    private static PropertyFilter filter(Random r) {
        Op op = Op.values()[r.nextInt(Op.values().length)];
        boolean profile = r.nextInt(6) == 0;
        String property = profile ? (r.nextBoolean() ? "tier" : "age") : PROPS[r.nextInt(PROPS.length)];
        Source source = profile ? Source.PROFILE : r.nextInt(4) == 0 ? Source.CUSTOM : Source.ANY;
        String value = switch (op) {
            case LT, LTE, GT, GTE -> Integer.toString(r.nextInt(60));
            case IS_SET, IS_NOT_SET, IN, NOT_IN, BETWEEN, NOT_BETWEEN -> "";
            default -> r.nextBoolean() ? WORDS[r.nextInt(WORDS.length - 1)] : r.nextBoolean() ? "gold" : "true";
        };
        List<String> values = switch (op) {
            case IN, NOT_IN -> List.of(WORDS[r.nextInt(WORDS.length)], Integer.toString(r.nextInt(40)), "/p1");
            case BETWEEN, NOT_BETWEEN -> List.of(Integer.toString(r.nextInt(30)), Integer.toString(30 + r.nextInt(40)));
            default -> List.of();
        };
        return new PropertyFilter(property, op, value, values, source);
    }

    private static EventFilter event(Random r) {
        String kind = r.nextInt(3) == 0 ? "" : KINDS[r.nextInt(KINDS.length)];
        return new EventFilter(kind, r.nextInt(3) == 0 ? List.of(filter(r)) : List.of());
    }

    private static EventQuery eq(Random r) {
        Aggregation a = Aggregation.values()[r.nextInt(Aggregation.values().length)];
        return new EventQuery(event(r), a, r.nextBoolean() ? "amount" : "plan");
    }

    private static List<FilterGroup> groups(Random r) {
        List<FilterGroup> out = new ArrayList<>();
        for (int g = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0; g > 0; g--) {
            out.add(new FilterGroup(List.of(filter(r), filter(r)), r.nextBoolean()));
        }
        return out;
    }

    private static InsightQuery query(Random r) {
        Type type = Type.values()[r.nextInt(Type.values().length)];
        Granularity g = List.of(Granularity.HOUR, Granularity.DAY, Granularity.WEEK, Granularity.MONTH).get(r.nextInt(4));
        long from = BASE + (r.nextInt(5) - 2) * 86_400_000L + (g == Granularity.HOUR ? 0 : r.nextInt(3_600) * 1000L);
        long to = from + (g == Granularity.HOUR ? 3 : 5 + r.nextInt(15)) * 86_400_000L;
        List<EventQuery> events = new ArrayList<>();
        int n = type == Type.FUNNEL ? 2 + r.nextInt(2) : type == Type.RETENTION ? 1 + r.nextInt(2) : 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            events.add(eq(r));
        }
        List<String> breakdowns = r.nextInt(3) == 0 ? List.of(PROPS[r.nextInt(PROPS.length)])
                : r.nextInt(6) == 0 ? List.of("plan", "path") : List.of();
        Optional<SessionQuery> session = (type == Type.TRENDS || type == Type.SEGMENTATION) && r.nextInt(3) == 0
                ? Optional.of(new SessionQuery(SessionMetric.values()[r.nextInt(SessionMetric.values().length)], event(r)))
                : Optional.empty();
        Optional<FlowQuery> flow = type == Type.USER_FLOW ? Optional.of(new FlowQuery(r.nextBoolean(), "plan", event(r),
                r.nextInt(5), r.nextInt(3) == 0 ? 0 : 2 + r.nextInt(10), r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(20)))
                : Optional.empty();
        Optional<TopKQuery> topK = type == Type.TOP_K ? Optional.of(new TopKQuery(Dimension.values()[r.nextInt(3)],
                PROPS[r.nextInt(PROPS.length)], event(r), Aggregation.values()[r.nextInt(Aggregation.values().length)],
                "amount", r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(5), r.nextBoolean())) : Optional.empty();
        return new InsightQuery(type, from, to, g, events, breakdowns, r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 0,
                groups(r), r.nextBoolean(), r.nextBoolean() ? OptionalLong.of((1 + r.nextInt(48)) * 3_600_000L)
                : OptionalLong.empty(), r.nextBoolean(), session, flow, topK);
    }
}
