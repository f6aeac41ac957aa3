package dev.sluice.server.sentry;

import dev.sluice.protocol.Item;
import dev.sluice.server.ingest.Admitted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A decoded envelope (or store body).
 *
 * @param eventId the id to answer, when the envelope names one
 * @param ignored item types accepted without being stored, with their counts
 * @param discarded client-side drops reported by {@code client_report} items, by "reason/category"
 */
record SentryRequest(List<Item> items, Set<String> categories, Optional<String> eventId,
                     Map<String, Integer> ignored, Map<String, Long> discarded) implements Admitted {

    SentryRequest {
        items = List.copyOf(items);
        categories = Set.copyOf(categories);
        ignored = Map.copyOf(ignored);
        discarded = Map.copyOf(discarded);
    }
}
