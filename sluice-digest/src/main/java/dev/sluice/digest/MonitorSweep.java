package dev.sluice.digest;

import dev.sluice.protocol.Ids;
import dev.sluice.store.CheckInRow;
import dev.sluice.store.MonitorRow;
import dev.sluice.store.MonitorWrites;
import dev.sluice.store.WriteTx;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Finds what did not happen: monitors whose expected run did not start within its margin (a {@code missed}
 * run per expected slot, at most {@link #MAX_MISSED_PER_SWEEP} of them, then the schedule jumps to the
 * future) and {@code in_progress} runs past their maximum runtime ({@code timeout}). Each finding fires
 * {@code cron_monitor} alerts in the same transaction. Run it with the caller's clock; one sweep per
 * transaction.
 */
public final class MonitorSweep {

    /** Missed slots recorded per monitor and sweep, so a monitor idle for a year does not write 500k rows. */
    static final int MAX_MISSED_PER_SWEEP = 100;
    private static final int BATCH = 500;

    private final Ids ids;
    private final Alerting alerting;

    private MonitorSweep(Ids ids, Alerting alerting) {
        this.ids = ids;
        this.alerting = alerting;
    }

    /** A sweep writing new rows with {@code ids} and firing through {@code alerting}. */
    public static MonitorSweep create(Ids ids, Alerting alerting) {
        return new MonitorSweep(ids, alerting);
    }

    /** What one sweep found. */
    public record Result(int missed, int timedOut, int alerts) {
    }

    /** Sweeps at {@code nowMillis} inside {@code tx}. */
    public Result run(WriteTx tx, long nowMillis) {
        // Several nodes may sweep at once (PostgreSQL): the second waits, then finds nothing left to do.
        tx.lock(List.of("monitor-sweep"));
        MonitorWrites monitors = tx.monitors();
        int missed = 0;
        int timedOut = 0;
        int alerts = 0;
        for (MonitorRow m : monitors.overdue(nowMillis, BATCH)) {
            long margin = m.config().checkinMarginMinutes() * 60_000;
            OptionalLong slot = m.nextExpectedAt();
            long firstMissed = slot.orElseThrow();
            int n = 0;
            while (slot.isPresent() && slot.getAsLong() + margin <= nowMillis && n < MAX_MISSED_PER_SWEEP) {
                long s = slot.getAsLong();
                monitors.insertCheckIn(new CheckInRow(ids.next(), m.project(), m.id(), Optional.empty(), "missed", s,
                        OptionalLong.empty(), OptionalDouble.empty(), Optional.empty(), Optional.empty(), nowMillis,
                        s));
                n++;
                slot = MonitorSchedule.next(m.config(), s);
            }
            if (slot.isPresent() && slot.getAsLong() + margin <= nowMillis) {
                slot = MonitorSchedule.next(m.config(), nowMillis - margin);
            }
            MonitorRow updated = new MonitorRow(m.id(), m.project(), m.slug(), m.config(), m.createdAt(),
                    m.lastCheckinAt(), Optional.of("missed"), slot);
            monitors.putMonitor(updated);
            missed += n;
            alerts += MonitorAlerts.fire(alerting, tx, updated, "missed", firstMissed, nowMillis);
        }
        for (CheckInRow r : monitors.timedOut(nowMillis, BATCH)) {
            monitors.updateCheckIn(new CheckInRow(r.id(), r.project(), r.monitorId(), r.clientId(), "timeout",
                    r.startedAt(), OptionalLong.empty(), OptionalDouble.empty(), r.environment(), r.release(),
                    r.receivedAt(), r.timeoutAt()));
            timedOut++;
            Optional<MonitorRow> m = monitors.monitorById(r.monitorId());
            if (m.isPresent()) {
                MonitorRow updated = new MonitorRow(m.get().id(), m.get().project(), m.get().slug(), m.get().config(),
                        m.get().createdAt(), m.get().lastCheckinAt(), Optional.of("timeout"), m.get().nextExpectedAt());
                monitors.putMonitor(updated);
                alerts += MonitorAlerts.fire(alerting, tx, updated, "timeout", r.startedAt(), nowMillis);
            }
        }
        return new Result(missed, timedOut, alerts);
    }
}
