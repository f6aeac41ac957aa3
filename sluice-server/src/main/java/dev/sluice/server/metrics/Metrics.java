package dev.sluice.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The server's meters, scraped as Prometheus text at {@code /metrics}. */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The registry other components register their meters with. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts items stored (or deduplicated) for {@code protocol}. */
    public void accepted(String protocol, String outcome, int count) {
        if (count > 0) {
            Counter.builder("sluice.items.accepted").tag("protocol", protocol).tag("outcome", outcome)
                    .register(registry).increment(count);
        }
    }

    /** Counts a refused request by reason ({@code auth}, {@code too_large}, {@code invalid_json}, …). */
    public void rejected(String protocol, String reason) {
        Counter.builder("sluice.requests.rejected").tag("protocol", protocol).tag("reason", reason)
                .register(registry).increment();
    }

    /** The Prometheus exposition text. */
    public String scrape() {
        return registry.scrape();
    }
}
