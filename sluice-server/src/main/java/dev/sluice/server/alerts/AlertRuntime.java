package dev.sluice.server.alerts;

import dev.sluice.digest.Alerting;
import dev.sluice.store.Store;
import java.time.Clock;

/** The background half of alerting on one node: the outbox deliverer and the time-driven rules. */
public final class AlertRuntime implements AutoCloseable {

    private final AlertDeliverer deliverer;
    private final AlertScheduler scheduler;

    private AlertRuntime(AlertDeliverer deliverer, AlertScheduler scheduler) {
        this.deliverer = deliverer;
        this.scheduler = scheduler;
    }

    /** Starts delivering and evaluating. */
    public static AlertRuntime start(Store store, AlertConfig config, Clock clock, Alerting alerting) {
        return new AlertRuntime(AlertDeliverer.start(store, config, clock),
                AlertScheduler.create(store, clock, alerting).start(config.schedulerEvery()));
    }

    @Override
    public void close() {
        scheduler.close();
        deliverer.close();
    }
}
