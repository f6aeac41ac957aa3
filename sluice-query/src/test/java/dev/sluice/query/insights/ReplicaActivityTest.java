package dev.sluice.query.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.insights.Filters.Source;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.Store;
import dev.sluice.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity reads on the replica (heatmap days, a person's facts, observed property values) against
 * brute-force answers computed in Java from the generated events; another project's events never count.
 */
class ReplicaActivityTest {

    static final ProjectId P = new ProjectId("proj");
    static final ProjectId OTHER = new ProjectId("other");
    static final long BASE = 1_772_409_600_000L;
    static final String[] KINDS = {"page_view", "click", "buy"};
    static final String[] PLANS = {"free", "pro", "", "team plan"};

    @TempDir
    Path dir;

    @Test
    void heatmapFactsAndValuesEqualABruteForceCount() {
        Random r = new Random(20_261_130L);
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String user = "u" + r.nextInt(12);
            String plan = PLANS[r.nextInt(PLANS.length)];
            String custom = "{\"plan\":\"" + plan + "\",\"n\":" + r.nextInt(5) + (r.nextInt(3) == 0 ? ",\"flag\":true" : "")
                    + "}";
            rows.add(new EventRow("e" + String.format("%05d", i), user, KINDS[r.nextInt(KINDS.length)],
                    BASE + r.nextInt(40 * 86_400) * 1000L, r.nextInt(4) == 0 ? "" : "s" + r.nextInt(30), false,
                    "{\"$browser\":\"b" + r.nextInt(3) + "\"}", custom, 1L));
        }
        try (Store store = Store.open(TestDatabases.sqlite(dir));
             AnalyticsReplica replica = AnalyticsReplica.open(dir.resolve("a.duckdb"), store, Clock.systemUTC())) {
            store.write(tx -> tx.analytics().insertEvents(P, rows));
            store.write(tx -> tx.analytics().insertEvents(OTHER, List.of(new EventRow("x1", "u1", "page_view", BASE,
                    "s1", false, "{}", "{\"plan\":\"elsewhere\"}", 1L))));
            ReplicaActivity activity = ReplicaActivity.create(replica);
            for (int q = 0; q < 20; q++) {
                Set<String> ids = new java.util.HashSet<>(List.of("u" + r.nextInt(12), "u" + r.nextInt(14)));
                long from = BASE + r.nextInt(20) * 86_400_000L;
                long to = from + (1 + r.nextInt(30)) * 86_400_000L;
                assertThat(activity.days(P, ids, from, to)).isEqualTo(days(rows, ids, from, to));
                assertThat(activity.facts(P, ids, Set.of("page_view"))).isEqualTo(facts(rows, ids));
            }
            assertThat(activity.facts(P, Set.of("nobody"), Set.of("page_view"))).isEmpty();
            assertThat(activity.propertyValues(P, Source.CUSTOM, "plan", "", 1000)).isEqualTo(values(rows, "plan", ""))
                    .doesNotContain("elsewhere", "");
            assertThat(activity.propertyValues(P, Source.CUSTOM, "n", "buy", 3)).isEqualTo(values(rows, "n", "buy")
                    .subList(0, 3));
            assertThat(activity.propertyValues(P, Source.ANY, "flag", "", 10)).containsExactly("true");
            assertThat(activity.propertyValues(P, Source.AUTO, "$browser", "click", 10))
                    .isEqualTo(values(rows, "$browser", "click"));
        }
    }

    private static TreeMap<String, Long> days(List<EventRow> rows, Set<String> ids, long from, long to) {
        TreeMap<String, Long> out = new TreeMap<>();
        rows.stream().filter(e -> ids.contains(e.distinctId()) && e.occurredAt() >= from && e.occurredAt() < to)
                .forEach(e -> out.merge(Instant.ofEpochMilli(e.occurredAt()).atZone(ZoneOffset.UTC).toLocalDate()
                        .toString(), 1L, Long::sum));
        return out;
    }

    private static Optional<ReplicaActivity.PersonFacts> facts(List<EventRow> rows, Set<String> ids) {
        List<EventRow> mine = rows.stream().filter(e -> ids.contains(e.distinctId()))
                .sorted(Comparator.comparingLong(EventRow::occurredAt).thenComparing(EventRow::eventId)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReplicaActivity.PersonFacts(mine.getFirst().occurredAt(), mine.getLast().occurredAt(),
                mine.size(), mine.stream().filter(e -> e.kind().equals("page_view")).count(),
                mine.stream().map(EventRow::sessionId).filter(s -> !s.isEmpty()).distinct().count(),
                mine.getLast().autoPropertiesJson()));
    }

    /** Values as JSON text (strings unquoted), most frequent first, ties by value. */
    private static List<String> values(List<EventRow> rows, String key, String kind) {
        Map<String, Long> counts = new HashMap<>();
        for (EventRow e : rows) {
            if (!kind.isEmpty() && !e.kind().equals(kind)) {
                continue;
            }
            String json = key.startsWith("$") ? e.autoPropertiesJson() : e.customPropertiesJson();
            var node = JsonProps.parse(json).get(key);
            if (node != null) {
                String text = JsonProps.text(node);
                if (!text.isEmpty()) {
                    counts.merge(text, 1L, Long::sum);
                }
            }
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).toList();
    }
}
