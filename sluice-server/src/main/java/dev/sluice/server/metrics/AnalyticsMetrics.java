package dev.sluice.server.metrics;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.analytics.ReplicaLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/** The analytics replica's lag behind the row store, in events and seconds, read once per scrape. */
public final class AnalyticsMetrics {

    private AnalyticsMetrics() {
    }

    /** Registers {@code sluice_analytics_replica_lag_events} and {@code …_lag_seconds}. */
    public static void register(MeterRegistry registry, AnalyticsReplica replica) {
        // Both gauges read one lag measurement: the events gauge (scraped first) refreshes it.
        AtomicReference<ReplicaLag> last = new AtomicReference<>(new ReplicaLag(0, java.time.Duration.ZERO));
        Gauge.builder("sluice.analytics.replica.lag.events", replica, r -> {
            try {
                last.set(r.lag());
            } catch (RuntimeException e) {
                return Double.NaN;
            }
            return last.get().events();
        }).description("events in the row store not yet in this node's analytics replica").register(registry);
        Gauge.builder("sluice.analytics.replica.lag.seconds", last, l -> l.get().age().toMillis() / 1000.0)
                .description("age of the oldest event not yet in this node's analytics replica").register(registry);
    }
}
