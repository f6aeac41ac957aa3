package dev.sluice.server.alerts;

import dev.sluice.digest.Alerting;
import dev.sluice.digest.MonitorSweep;
import dev.sluice.protocol.Ids;
import dev.sluice.server.periodic.Periodic;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cron monitors' {@link MonitorSweep} (missed and timed-out runs, and their alerts) every
 * {@link AlertConfig#schedulerEvery()} with the injected clock, one store transaction per sweep.
 */
public final class MonitorSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorSweeper.class);

    private final Store store;
    private final Clock clock;
    private final MonitorSweep sweep;

    private MonitorSweeper(Store store, Clock clock, MonitorSweep sweep) {
        this.store = store;
        this.clock = clock;
        this.sweep = sweep;
    }

    /** A sweeper not yet running (tests call {@link #runOnce()} with a clock they move). */
    public static MonitorSweeper create(Store store, Clock clock, Alerting alerting) {
        return new MonitorSweeper(store, clock, MonitorSweep.create(Ids.create(clock), alerting));
    }

    /** Sweeps every {@code every} until the answer is closed. */
    public Periodic start(Duration every) {
        return Periodic.start("sluice-monitor-sweep", clock, every, every, this::runAt);
    }

    /** Sweeps once at the clock's now. */
    public MonitorSweep.Result runOnce() {
        return runAt(clock.millis());
    }

    private MonitorSweep.Result runAt(long now) {
        MonitorSweep.Result r = store.write(tx -> sweep.run(tx, now));
        if (r.missed() + r.timedOut() > 0) {
            LOG.info("event=monitor_sweep missed={} timed_out={} alerts={}", r.missed(), r.timedOut(), r.alerts());
        }
        return r;
    }
}
