package dev.sluice.server.alerts;

import dev.sluice.digest.Alerting;
import dev.sluice.digest.MonitorSweep;
import dev.sluice.protocol.Ids;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cron monitors' {@link MonitorSweep} (missed and timed-out runs, and their alerts) every
 * {@link AlertConfig#schedulerEvery()} with the injected clock, one store transaction per sweep.
 */
public final class MonitorSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorSweeper.class);

    private final Store store;
    private final Clock clock;
    private final MonitorSweep sweep;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("sluice-monitor-sweep").unstarted(r));

    private MonitorSweeper(Store store, Clock clock, MonitorSweep sweep) {
        this.store = store;
        this.clock = clock;
        this.sweep = sweep;
    }

    /** A sweeper not yet running (tests call {@link #runOnce()} with a clock they move). */
    public static MonitorSweeper create(Store store, Clock clock, Alerting alerting) {
        return new MonitorSweeper(store, clock, MonitorSweep.create(Ids.create(clock), alerting));
    }

    /** Runs {@link #runOnce()} every {@code every}. */
    public MonitorSweeper start(Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("event=monitor_sweep_error error=\"{}\"", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sweeps once at the clock's now. */
    public MonitorSweep.Result runOnce() {
        long now = clock.millis();
        MonitorSweep.Result r = store.write(tx -> sweep.run(tx, now));
        if (r.missed() + r.timedOut() > 0) {
            LOG.info("event=monitor_sweep missed={} timed_out={} alerts={}", r.missed(), r.timedOut(), r.alerts());
        }
        return r;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
