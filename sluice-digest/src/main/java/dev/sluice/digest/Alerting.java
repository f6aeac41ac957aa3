package dev.sluice.digest;

import dev.sluice.protocol.Ids;
import dev.sluice.store.AlertRule;
import dev.sluice.store.AlertWrites;
import dev.sluice.store.WriteTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires alerts into the outbox of the caller's transaction, with the per-rule cooldown: at most one
 * notification per rule and subject (an issue, a worker, a day) per cooldown; alerts held back meanwhile are
 * counted and reported by the next one ({@code "suppressed"}), so a storm becomes one message and a digest.
 */
public final class Alerting {

    /** What an alert says; {@code fields} are extra top-level JSON strings or numbers. */
    public record Message(String title, String text, Map<String, Object> fields) {
    }

    private final Ids ids;

    private Alerting(Ids ids) {
        this.ids = ids;
    }

    /** Alerting with {@code ids} for delivery ids. */
    public static Alerting create(Ids ids) {
        return new Alerting(ids);
    }

    /** Whether a notification is due for {@code rule} and {@code subject} at {@code now} (pure). */
    public static boolean due(Optional<AlertWrites.State> state, long cooldownMillis, long now) {
        return state.isEmpty() || now >= state.get().lastSentAt() + cooldownMillis;
    }

    /** Fires {@code message}; answers whether it was queued (false: held back by the cooldown). */
    public boolean fire(WriteTx tx, AlertRule rule, String subject, Message message, long now) {
        AlertWrites alerts = tx.alerts();
        Optional<AlertWrites.State> state = alerts.state(rule.id(), subject);
        if (!due(state, rule.cooldownSeconds() * 1000, now)) {
            alerts.putState(rule.id(), subject, new AlertWrites.State(state.get().lastSentAt(),
                    state.get().suppressed() + 1));
            return false;
        }
        long suppressed = state.map(AlertWrites.State::suppressed).orElse(0L);
        alerts.putState(rule.id(), subject, new AlertWrites.State(now, 0));
        List<String> deliveryIds = new ArrayList<>();
        for (int i = 0; i < rule.channelCount(); i++) {
            deliveryIds.add(ids.next());
        }
        alerts.enqueue(rule, subject, payload(rule, subject, message, suppressed, now), deliveryIds, now);
        return true;
    }

    /** Fires {@code message} once per subject ever (subjects naming a period: one alert per day or month). */
    public boolean fireOnce(WriteTx tx, AlertRule rule, String subject, Message message, long now) {
        return tx.alerts().state(rule.id(), subject).isEmpty() && fire(tx, rule, subject, message, now);
    }

    static String payload(AlertRule rule, String subject, Message m, long suppressed, long now) {
        StringBuilder out = new StringBuilder("{\"rule\":{\"id\":").append(JsonText.quote(rule.id()))
                .append(",\"name\":").append(JsonText.quote(rule.name()))
                .append(",\"kind\":").append(JsonText.quote(rule.kind())).append("},\"projectId\":")
                .append(JsonText.quote(rule.project().value())).append(",\"subject\":").append(JsonText.quote(subject))
                .append(",\"title\":").append(JsonText.quote(m.title()))
                .append(",\"text\":").append(JsonText.quote(m.text()))
                .append(",\"at\":").append(JsonText.quote(Instant.ofEpochMilli(now).toString()))
                .append(",\"suppressedSinceLast\":").append(suppressed);
        m.fields().forEach((k, v) -> {
            out.append(',').append(JsonText.quote(k)).append(':');
            out.append(v instanceof Number n ? n.toString() : JsonText.quote(String.valueOf(v)));
        });
        return out.append('}').toString();
    }
}
