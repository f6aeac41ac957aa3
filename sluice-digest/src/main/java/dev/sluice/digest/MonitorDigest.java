package dev.sluice.digest;

import dev.sluice.protocol.CheckInItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.MonitorConfig;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.CheckInRow;
import dev.sluice.store.MonitorRow;
import dev.sluice.store.MonitorWrites;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Check-ins to cron monitors: upserts the monitor (and its schedule, when the check-in carries one), opens or
 * closes the run by the client's check-in id, moves the monitor's next expected run, and fires
 * {@code cron_monitor} alerts for failed runs, all in the commit's transaction. Missed and timed-out runs
 * are found later by {@link MonitorSweep}.
 */
final class MonitorDigest implements FamilyDigest {

    private final Clock clock;
    private final Ids ids;
    private final Alerting alerting;

    MonitorDigest(Clock clock, Ids ids, Alerting alerting) {
        this.clock = clock;
        this.ids = ids;
        this.alerting = alerting;
    }

    private record Pending(ProjectId project, CheckInItem item, long receivedAt) {
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        List<Pending> pending = new ArrayList<>();
        TreeSet<String> locks = new TreeSet<>();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (item instanceof CheckInItem c && outcomes[b][i] == null) { // null: not a resent copy
                    pending.add(new Pending(batch.project(), c, batch.receivedAt().toEpochMilli()));
                    locks.add("monitor:" + batch.project().value() + ":" + c.monitorSlug());
                    outcomes[b][i] = ItemOutcome.STORED;
                }
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        // Another node may be applying a check-in of the same monitor, or sweeping it.
        tx.lock(locks);
        long now = clock.millis();
        for (Pending p : pending) {
            apply(tx, p, now);
        }
    }

    private void apply(WriteTx tx, Pending p, long now) {
        MonitorWrites monitors = tx.monitors();
        CheckInItem c = p.item();
        Optional<MonitorRow> existing = monitors.monitor(p.project(), c.monitorSlug());
        MonitorConfig config = c.config().or(() -> existing.map(MonitorRow::config)).orElse(MonitorSchedule.NONE);
        String monitorId = existing.map(MonitorRow::id).orElseGet(ids::next);
        long at = Timestamps.occurredAt(c.timestamp(), java.time.Instant.ofEpochMilli(p.receivedAt()));
        OptionalDouble durationMs = c.durationSeconds().isPresent()
                ? OptionalDouble.of(c.durationSeconds().getAsDouble() * 1000) : OptionalDouble.empty();
        Optional<CheckInRow> run = c.checkInId().flatMap(id -> monitors.checkIn(p.project(), id))
                .filter(r -> r.monitorId().equals(monitorId));
        String status;
        long runStart;
        if (run.isPresent()) {
            CheckInRow r = run.get();
            runStart = r.startedAt();
            // A run the sweeper timed out stays timed out; its late end still records when it finished.
            status = c.status().equals("in_progress") || r.status().equals("timeout") ? r.status() : c.status();
            if (!c.status().equals("in_progress")) {
                monitors.updateCheckIn(new CheckInRow(r.id(), r.project(), r.monitorId(), r.clientId(), status,
                        r.startedAt(), OptionalLong.of(at), durationMs.isPresent() ? durationMs
                        : OptionalDouble.of(Math.max(0, at - r.startedAt())), c.environment().or(r::environment),
                        c.release().or(r::release), r.receivedAt(), r.timeoutAt()));
            }
        } else {
            status = c.status();
            boolean open = status.equals("in_progress");
            runStart = open ? at : at - (long) durationMs.orElse(0);
            monitors.insertCheckIn(new CheckInRow(ids.next(), p.project(), monitorId, c.checkInId(), status, runStart,
                    open ? OptionalLong.empty() : OptionalLong.of(at), durationMs, c.environment(), c.release(),
                    p.receivedAt(), runStart + config.maxRuntimeMinutes() * 60_000));
        }
        boolean scheduleChanged = existing.isEmpty() || !existing.get().config().equals(config);
        // A new run (or a new schedule) moves the next expected start; the end of a run does not.
        OptionalLong next = run.isEmpty() || scheduleChanged ? MonitorSchedule.next(config, runStart)
                : existing.get().nextExpectedAt();
        MonitorRow monitor = new MonitorRow(monitorId, p.project(), c.monitorSlug(), config,
                existing.map(MonitorRow::createdAt).orElse(now), OptionalLong.of(at), Optional.of(status), next);
        monitors.putMonitor(monitor);
        if (status.equals("error") && !c.status().equals("in_progress")) {
            MonitorAlerts.fire(alerting, tx, monitor, "failed", runStart, now);
        }
    }
}
