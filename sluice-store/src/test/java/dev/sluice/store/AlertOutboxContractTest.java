package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ProjectId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alert write family on SQLite and PostgreSQL: rules, cooldown state, and the outbox's lease, retry and
 * give-up cycle (the part a multi-node deployment relies on to send each alert once).
 */
class AlertOutboxContractTest extends OnBothStores {

    private AlertRule rule(String id, ProjectId project, String kind, int channels) {
        return new AlertRule(id, project, "rule " + id, kind, 1, 60, Optional.empty(), "[{\"type\":\"webhook\"}]",
                channels, 300, true, 1_000);
    }

    @Test
    void rulesAreScopedToTheirProjectAndKinds() {
        ProjectId other = db.store.createProject("p2", 1000).id();
        db.store.write(tx -> {
            tx.alerts().insertRule(rule("r1", db.project, "new_issue", 1));
            tx.alerts().insertRule(rule("r2", db.project, "regression", 1));
            tx.alerts().insertRule(rule("r3", other, "new_issue", 1));
            return null;
        });
        assertThat(db.store.<List<AlertRule>>write(tx -> tx.alerts().rules(db.project, Set.of("new_issue"))))
                .extracting(AlertRule::id).containsExactly("r1");
        assertThat(db.store.<List<AlertRule>>write(tx -> tx.alerts().rules(Set.of("new_issue"))))
                .extracting(AlertRule::id).containsExactlyInAnyOrder("r1", "r3");
        assertThat(db.store.<Optional<AlertRule>>write(tx -> tx.alerts().rule("r2"))).map(AlertRule::kind).contains("regression");
        // One project cannot delete another's rule.
        assertThat(db.store.<Boolean>write(tx -> tx.alerts().deleteRule(other, "r1"))).isFalse();
        assertThat(db.store.<Boolean>write(tx -> tx.alerts().deleteRule(db.project, "r1"))).isTrue();
        assertThat(db.store.<Optional<AlertRule>>write(tx -> tx.alerts().rule("r1"))).isEmpty();
    }

    @Test
    void cooldownStateIsUpserted() {
        db.store.write(tx -> {
            tx.alerts().insertRule(rule("r1", db.project, "new_issue", 1));
            return null;
        });
        assertThat(db.store.<Optional<AlertWrites.State>>write(tx -> tx.alerts().state("r1", "issue:1"))).isEmpty();
        db.store.write(tx -> {
            tx.alerts().putState("r1", "issue:1", new AlertWrites.State(100, 0));
            tx.alerts().putState("r1", "issue:1", new AlertWrites.State(200, 3));
            tx.alerts().putState("r1", "issue:\u0000odd", new AlertWrites.State(5, 1));
            return null;
        });
        assertThat(db.store.<Optional<AlertWrites.State>>write(tx -> tx.alerts().state("r1", "issue:1"))).contains(new AlertWrites.State(200, 3));
        assertThat(db.store.<Optional<AlertWrites.State>>write(tx -> tx.alerts().state("r1", "issue:\u0000odd")))
                .contains(new AlertWrites.State(5, 1));
    }

    @Test
    void deliveriesAreLeasedRetriedAndGivenUp() {
        AlertRule r = rule("r1", db.project, "new_issue", 2);
        db.store.write(tx -> {
            tx.alerts().insertRule(r);
            tx.alerts().enqueue(r, "issue:1", "{\"title\":\"E: x\"}", List.of("d1", "d2"), 1_000);
            return null;
        });
        List<AlertDelivery> first = claim(1_000, 2_000);
        assertThat(first).extracting(AlertDelivery::id).containsExactlyInAnyOrder("d1", "d2");
        assertThat(first).allSatisfy(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.payloadJson()).isEqualTo("{\"title\":\"E: x\"}");
            assertThat(d.ruleId()).isEqualTo("r1");
            assertThat(d.project()).isEqualTo(db.project);
        });
        assertThat(first).extracting(AlertDelivery::channelIndex).containsExactlyInAnyOrder(0, 1);
        // Leased: no other sender gets them until the lease runs out.
        assertThat(claim(1_500, 2_500)).isEmpty();
        List<AlertDelivery> again = claim(2_001, 3_000);
        assertThat(again).extracting(AlertDelivery::attempts).containsOnly(2);

        db.store.write(tx -> {
            tx.alerts().markDelivered("d1", 2_100);
            tx.alerts().markRetry("d2", 5_000, "timeout");
            return null;
        });
        assertThat(claim(4_999, 6_000)).isEmpty();
        List<AlertDelivery> retried = claim(5_000, 6_000);
        assertThat(retried).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("d2");
            assertThat(d.lastError()).contains("timeout");
            assertThat(d.attempts()).isEqualTo(3);
        });
        db.store.write(tx -> {
            tx.alerts().markFailed("d2", 5_100, "gone");
            return null;
        });
        assertThat(claim(Long.MAX_VALUE / 4, Long.MAX_VALUE / 2)).isEmpty();
        assertThat(db.rows("SELECT id, delivered_at IS NOT NULL, failed_at IS NOT NULL FROM alert_outbox ORDER BY id"))
                .extracting(row -> row.get(0) + ":" + truthy(row.get(1)) + ":" + truthy(row.get(2)))
                .containsExactly("d1:true:false", "d2:false:true");
    }

    @Test
    void theClaimLimitIsRespected() {
        AlertRule r = rule("r1", db.project, "new_issue", 1);
        db.store.write(tx -> {
            tx.alerts().insertRule(r);
            for (int i = 0; i < 5; i++) {
                tx.alerts().enqueue(r, "issue:" + i, "{}", List.of("d" + i), 1_000 + i);
            }
            return null;
        });
        assertThat(db.store.<List<AlertDelivery>>write(tx -> tx.alerts().claimDue(10_000, 20_000, 3))).hasSize(3);
        assertThat(db.store.<List<AlertDelivery>>write(tx -> tx.alerts().claimDue(10_000, 20_000, 3))).hasSize(2);
    }

    private List<AlertDelivery> claim(long now, long leaseUntil) {
        return db.store.write(tx -> tx.alerts().claimDue(now, leaseUntil, 10));
    }

    private static boolean truthy(String sqlBoolean) {
        return sqlBoolean.equals("1") || sqlBoolean.equals("t") || sqlBoolean.equals("true");
    }
}
