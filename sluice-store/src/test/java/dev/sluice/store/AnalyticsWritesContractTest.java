package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.AnalyticsRecords.DeletionRow;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.AnalyticsRecords.KeyCount;
import dev.sluice.store.AnalyticsRecords.KindCount;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The product-analytics (Pug) write family, on SQLite and PostgreSQL. */
class AnalyticsWritesContractTest extends OnBothStores {

    EventRow event(String id, String distinctId) {
        return new EventRow(id, distinctId, "page_view", 1_000, "s1", false, "{\"$os\":\"linux\"}",
                "{\"plan\":\"pro\",\"n\":1}", 1_001);
    }

    @Test
    void eventsAreInsertedOnceAndCounted() {
        assertThat(db.store.<java.util.Set<String>>write(tx -> tx.analytics().insertEvents(db.project, List.of(event("e1", "a"), event("e2", "b")))))
                .containsOnly("e1", "e2");
        assertThat(db.store.<java.util.Set<String>>write(tx -> tx.analytics().insertEvents(db.project, List.of(event("e1", "a"), event("e3", "a")))))
                .containsOnly("e3");
        assertThat(db.store.<Long>write(tx -> tx.analytics().countEvents(db.project, List.of("a")))).isEqualTo(2);
        assertThat(db.store.<Long>write(tx -> tx.analytics().countEvents(db.project, List.of("a", "b", "zz")))).isEqualTo(3);
        db.store.write(tx -> {
            tx.analytics().countKinds(db.project, List.of(new KindCount("page_view", 3, 1_000)));
            tx.analytics().countPropertyKeys(db.project, List.of(new KeyCount("page_view", "custom", "plan", 1, 3, 1_000)));
            return null;
        });
        db.store.write(tx -> {
            tx.analytics().countKinds(db.project, List.of(new KindCount("page_view", 2, 2_000)));
            tx.analytics().countPropertyKeys(db.project, List.of(new KeyCount("page_view", "custom", "plan", 2, 1, 2_000)));
            return null;
        });
        assertThat(db.count("analytics_event_kinds")).isEqualTo(1);
        assertThat(db.count("analytics_property_keys")).isEqualTo(1);
    }

    @Test
    void severalKindsAndKeysUpsertInOneCall() {
        db.store.write(tx -> {
            tx.analytics().countKinds(db.project, List.of(new KindCount("b", 1, 5_000), new KindCount("a", 2, 1_000)));
            tx.analytics().countPropertyKeys(db.project, List.of(new KeyCount("a", "custom", "x", 1, 2, 1_000),
                    new KeyCount("a", "auto", "y", 2, 1, 1_000)));
            return null;
        });
        db.store.write(tx -> {
            tx.analytics().countKinds(db.project, List.of(new KindCount("a", 3, 3_000), new KindCount("c", 1, 10)));
            tx.analytics().countPropertyKeys(db.project, List.of(new KeyCount("a", "custom", "x", 1, 5, 500)));
            return null;
        });
        assertThat(rows("SELECT kind || '=' || event_count || '@' || last_seen_at FROM analytics_event_kinds ORDER BY kind"))
                .containsExactly("a=5@3000", "b=1@5000", "c=1@10");
        assertThat(rows("SELECT source || ':' || name || '=' || event_count || '@' || last_seen_at FROM "
                + "analytics_property_keys ORDER BY source, name")).containsExactly("auto:y=1@1000", "custom:x=7@1000");
    }

    private List<String> rows(String sql) {
        return db.store.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Test
    void profilesAliasesMergesAndErasure() {
        db.store.write(tx -> {
            tx.analytics().insertProfile(db.project, "pA", "user-1", 1_000);
            tx.analytics().putAlias(db.project, "anon-1", "pA", 1_000);
            tx.analytics().putProperties(db.project, "pA", Map.of("plan", "\"free\"", "age", "30"));
            tx.analytics().insertProfile(db.project, "pB", "user-2", 1_000);
            tx.analytics().putAlias(db.project, "anon-2", "pB", 1_000);
            tx.analytics().putDevice(db.project, "dev-1", "pB", 1_000);
            return null;
        });
        assertThat(db.store.<java.util.Optional<String>>write(tx -> tx.analytics().profileByExternalId(db.project, "user-1"))).contains("pA");
        assertThat(db.store.<java.util.Optional<String>>write(tx -> tx.analytics().aliasOf(db.project, "anon-1"))).contains("pA");
        db.store.write(tx -> {
            tx.analytics().putProperties(db.project, "pA", Map.of("plan", "\"pro\""));
            tx.analytics().touchProfile(db.project, "pA", 2_000);
            tx.analytics().moveProfile(db.project, "pB", "pA");
            tx.analytics().softDeleteProfile(db.project, "pB", 2_000);
            return null;
        });
        assertThat(db.store.<Map<String, String>>write(tx -> tx.analytics().properties(db.project, "pA")))
                .isEqualTo(Map.of("plan", "\"pro\"", "age", "30"));
        assertThat(db.store.<List<String>>write(tx -> tx.analytics().aliasesOf(db.project, "pA"))).containsOnly("anon-1", "anon-2");
        assertThat(db.store.<java.util.Optional<String>>write(tx -> tx.analytics().profileByExternalId(db.project, "user-2"))).isEmpty();

        db.store.write(tx -> tx.analytics().insertEvents(db.project, List.of(event("e1", "anon-1"), event("e2", "anon-2"),
                event("e3", "someone-else"))));
        long erased = db.store.write(tx -> tx.analytics().erase(db.project, "pA", List.of("anon-1", "anon-2")));
        assertThat(erased).isEqualTo(2);
        assertThat(db.count("analytics_events")).isEqualTo(1);
        assertThat(db.store.<List<String>>write(tx -> tx.analytics().aliasesOf(db.project, "pA"))).isEmpty();
        assertThat(db.store.<Map<String, String>>write(tx -> tx.analytics().properties(db.project, "pA"))).isEmpty();
        db.store.write(tx -> {
            tx.analytics().putDeletion(db.project, new DeletionRow("del1", "user-1", "pA", 3, 2, 3_000,
                    OptionalLong.of(3_001), ""));
            return null;
        });
        assertThat(db.count("analytics_deletions")).isEqualTo(1);
    }

    @Test
    void textWithNulBytesIsStoredOnBothEngines() {
        // PostgreSQL text cannot hold U+0000 (the hostile-input run found 500s from it): the store must cope.
        assertThat(db.store.<java.util.Set<String>>write(tx -> tx.analytics().insertEvents(db.project,
                List.of(new EventRow("e\0x", "d\0id", "k\0ind", 1_000, "s", false, "{}", "{\"v\":\"a\\u0000b\"}", 1_000)))))
                .hasSize(1);
    }
}
