package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.MonitorConfig;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The cron-monitor write family, on SQLite and PostgreSQL. */
class MonitorWritesContractTest extends OnBothStores {

    MonitorRow monitor(String id, String slug, long margin, OptionalLong next) {
        return new MonitorRow(id, db.project, slug, new MonitorConfig("crontab", "0 * * * *", margin, 10, "UTC"), 1,
                OptionalLong.empty(), Optional.empty(), next);
    }

    CheckInRow run(String id, String monitorId, String status, long start) {
        return new CheckInRow(id, db.project, monitorId, Optional.of("c-" + id), status, start, OptionalLong.empty(),
                OptionalDouble.empty(), Optional.of("prod"), Optional.empty(), start, start + 600_000);
    }

    @Test
    void monitorsUpsertBySlugAndComeDueAfterTheirMargin() {
        db.store.write(tx -> {
            tx.monitors().putMonitor(monitor("m1", "a", 5, OptionalLong.of(1_000_000)));
            tx.monitors().putMonitor(monitor("m2", "b", 0, OptionalLong.empty()));
            // Same slug, new id: the stored id stays, the state is replaced.
            tx.monitors().putMonitor(monitor("m9", "a", 1, OptionalLong.of(2_000_000)));
            return null;
        });
        MonitorRow a = db.store.write(tx -> tx.monitors().monitor(db.project, "a")).orElseThrow();
        assertThat(a.id()).isEqualTo("m1");
        assertThat(a.config().checkinMarginMinutes()).isEqualTo(1);
        assertThat(a.nextExpectedAt()).isEqualTo(OptionalLong.of(2_000_000));
        assertThat(db.store.<List<MonitorRow>>write(tx -> tx.monitors().overdue(2_059_999, 10))).isEmpty();
        assertThat(db.store.<List<MonitorRow>>write(tx -> tx.monitors().overdue(2_060_000, 10))).extracting(MonitorRow::slug)
                .containsExactly("a");
        assertThat(db.store.write(tx -> tx.monitors().monitorById("m2")).orElseThrow().nextExpectedAt()).isEmpty();
    }

    @Test
    void runsAreFoundByClientIdAndTimeOut() {
        db.store.write(tx -> {
            tx.monitors().insertCheckIn(run("r1", "m1", "in_progress", 1_000));
            tx.monitors().insertCheckIn(run("r2", "m1", "ok", 2_000));
            return null;
        });
        CheckInRow r1 = db.store.write(tx -> tx.monitors().checkIn(db.project, "c-r1")).orElseThrow();
        assertThat(r1.status()).isEqualTo("in_progress");
        assertThat(r1.durationMs()).isEmpty();
        assertThat(db.store.<List<CheckInRow>>write(tx -> tx.monitors().timedOut(601_000, 10))).extracting(CheckInRow::id)
                .containsExactly("r1");
        db.store.write(tx -> {
            tx.monitors().updateCheckIn(new CheckInRow(r1.id(), r1.project(), r1.monitorId(), r1.clientId(), "ok",
                    r1.startedAt(), OptionalLong.of(5_000), OptionalDouble.of(4_000.5), r1.environment(),
                    Optional.of("1.0"), r1.receivedAt(), r1.timeoutAt()));
            return null;
        });
        assertThat(db.store.<List<CheckInRow>>write(tx -> tx.monitors().timedOut(601_000, 10))).isEmpty();
        assertThat(db.rows("SELECT status, finished_at, duration_ms, release FROM monitor_checkins WHERE id = 'r1'"))
                .containsExactly(List.of("ok", "5000", "4000.5", "1.0"));
    }
}
