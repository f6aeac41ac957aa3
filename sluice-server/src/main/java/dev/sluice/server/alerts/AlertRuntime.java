package dev.sluice.server.alerts;

import dev.sluice.digest.Alerting;
import dev.sluice.server.periodic.Periodic;
import dev.sluice.store.Store;
import java.time.Clock;

/**
 * The background half of alerting on one node: the outbox deliverer, the time-driven rules and the cron
 * monitors' sweep.
 */
public final class AlertRuntime implements AutoCloseable {

    private final AlertDeliverer deliverer;
    private final Periodic scheduler;
    private final Periodic sweeper;

    private AlertRuntime(AlertDeliverer deliverer, Periodic scheduler, Periodic sweeper) {
        this.deliverer = deliverer;
        this.scheduler = scheduler;
        this.sweeper = sweeper;
    }

    /** Starts delivering and evaluating. */
    public static AlertRuntime start(Store store, AlertConfig config, Clock clock, Alerting alerting) {
        return new AlertRuntime(AlertDeliverer.start(store, config, clock),
                AlertScheduler.create(store, clock, alerting).start(config.schedulerEvery()),
                MonitorSweeper.create(store, clock, alerting).start(config.schedulerEvery()));
    }

    @Override
    public void close() {
        sweeper.close();
        scheduler.close();
        deliverer.close();
    }
}
