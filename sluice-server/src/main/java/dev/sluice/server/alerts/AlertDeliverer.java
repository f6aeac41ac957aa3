package dev.sluice.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.query.AlertQueries;
import dev.sluice.server.http.Json;
import dev.sluice.store.AlertDelivery;
import dev.sluice.store.AlertRule;
import dev.sluice.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox at least once: leases due rows (so several nodes do not send the same one, and a
 * crashed node's lease runs out), sends each to its channel, then marks it delivered, or schedules a retry
 * with exponential backoff, or — after {@link AlertConfig#maxAttempts()} or a permanent refusal — failed.
 * A crash between sending and marking sends again: receivers dedupe on the delivery id.
 */
public final class AlertDeliverer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliverer.class);
    private static final long LEASE_MILLIS = 30_000;

    private final Store store;
    private final AlertQueries queries;
    private final AlertConfig config;
    private final Clock clock;
    private final WebhookSender webhooks;
    private final EmailSender email;
    private final Thread thread;
    private volatile boolean running = true;

    private AlertDeliverer(Store store, AlertConfig config, Clock clock) {
        this.store = store;
        this.queries = AlertQueries.create(store);
        this.config = config;
        this.clock = clock;
        this.webhooks = new WebhookSender(clock);
        this.email = new EmailSender(config.smtp());
        this.thread = Thread.ofPlatform().daemon().name("sluice-alert-delivery").unstarted(this::loop);
    }

    /** Starts delivering in the background. */
    public static AlertDeliverer start(Store store, AlertConfig config, Clock clock) {
        AlertDeliverer d = new AlertDeliverer(store, config, clock);
        d.thread.start();
        return d;
    }

    private void loop() {
        while (running) {
            try {
                if (deliverDue() == 0) {
                    Thread.sleep(config.poll().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The store may be down for a while: keep the thread, try again after a pause.
                LOG.warn("event=alert_delivery_error error=\"{}\"", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Sends what is due now; answers how many were attempted. */
    int deliverDue() {
        long now = clock.millis();
        if (!queries.anyDue(now)) {
            return 0;
        }
        record Claimed(AlertDelivery delivery, Optional<AlertRule> rule) {
        }
        List<Claimed> claimed = store.write(tx -> tx.alerts().claimDue(now, now + LEASE_MILLIS, 50).stream()
                .map(d -> new Claimed(d, tx.alerts().rule(d.ruleId()))).toList());
        for (Claimed c : claimed) {
            SendResult result = send(c.delivery(), c.rule());
            finish(c.delivery(), result);
        }
        return claimed.size();
    }

    private SendResult send(AlertDelivery d, Optional<AlertRule> rule) {
        if (rule.isEmpty()) {
            return SendResult.permanent("rule deleted");
        }
        try {
            List<Channel> channels = Channel.parseAll(Json.MAPPER.readTree(rule.get().channelsJson()));
            if (d.channelIndex() >= channels.size()) {
                return SendResult.permanent("channel removed from the rule");
            }
            JsonNode payload = Json.MAPPER.readTree(d.payloadJson());
            return switch (channels.get(d.channelIndex())) {
                case Channel.Webhook w -> webhooks.send(w, d.id(), payload);
                case Channel.Email e -> email.send(e, d.id(), payload);
            };
        } catch (IOException | IllegalArgumentException e) {
            return SendResult.permanent("bad stored alert: " + e.getMessage());
        }
    }

    private void finish(AlertDelivery d, SendResult result) {
        long now = clock.millis();
        String detail = result.detail().length() > 500 ? result.detail().substring(0, 500) : result.detail();
        store.write(tx -> {
            switch (result.kind()) {
                case DELIVERED -> tx.alerts().markDelivered(d.id(), now);
                case PERMANENT -> tx.alerts().markFailed(d.id(), now, detail);
                case RETRY -> {
                    if (d.attempts() >= config.maxAttempts()) {
                        tx.alerts().markFailed(d.id(), now, "gave up after " + d.attempts() + " attempts: " + detail);
                    } else {
                        tx.alerts().markRetry(d.id(), now + config.backoffMillis(d.attempts()), detail);
                    }
                }
            }
            return null;
        });
        if (result.kind() != SendResult.Kind.DELIVERED) {
            LOG.info("event=alert_not_delivered delivery={} attempts={} outcome={} detail=\"{}\"", d.id(),
                    d.attempts(), result.kind(), detail);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
