package dev.sluice.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * A product-analytics event (Pug {@code sdk.events.v1.Event}), validated at the edge. Its client-chosen
 * {@code eventId} (a UUID kept across SDK retries) makes it stored at most once per project.
 *
 * @param distinctId empty only for cookieless events
 * @param sessionId empty when absent (cookieless events)
 * @param autoProperties keys start with {@code $}
 * @param customProperties keys never start with {@code $}
 */
public record AnalyticsEventItem(String eventId, String distinctId, String kind, long occurredAtMillis,
                                 String sessionId, boolean cookieless, Map<String, AnalyticsValue> autoProperties,
                                 Map<String, AnalyticsValue> customProperties) implements Item {

    public AnalyticsEventItem {
        autoProperties = Map.copyOf(autoProperties);
        customProperties = Map.copyOf(customProperties);
    }

    @Override
    public Optional<String> dedupeKey() {
        return Optional.of(eventId);
    }

    @Override
    public Optional<String> timestamp() {
        return Optional.of(java.time.Instant.ofEpochMilli(occurredAtMillis).toString());
    }
}
