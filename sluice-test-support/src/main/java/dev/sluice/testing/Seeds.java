package dev.sluice.testing;

import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.AnalyticsValue;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded builders of canonical items and batches, so tests state only what matters to them. A {@link Random}
 * with a fixed seed makes "random" data repeatable.
 */
public final class Seeds {

    private Seeds() {
    }

    /** An error whose exception value is {@code value} (it groups by type and value). */
    public static ErrorItem error(String type, String value) {
        return new ErrorItem(Optional.of(type), Optional.of(value), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
    }

    /** An analytics event of {@code kind} by {@code distinctId} at {@code atMillis}, with one custom property. */
    public static AnalyticsEventItem event(String eventId, String distinctId, String kind, long atMillis) {
        return new AnalyticsEventItem(eventId, distinctId, kind, atMillis, "session-" + distinctId, false, Map.of(),
                Map.of("plan", new AnalyticsValue.Text("pro")));
    }

    /** A batch of {@code items} for {@code project}, its request id {@code requestId}. */
    public static IngestBatch batch(ProjectId project, String requestId, Item... items) {
        return new IngestBatch(requestId, project, Instant.parse("2026-01-01T00:00:00Z"), List.of(items));
    }

    /** A batch holding one error whose value is the request id: distinct batches become distinct issues. */
    public static IngestBatch errorBatch(ProjectId project, String requestId) {
        return batch(project, requestId, error("E", requestId));
    }

    /** {@code n} events spread over users and kinds, the same for the same seed. */
    public static List<AnalyticsEventItem> events(long seed, int n, long startMillis) {
        Random random = new Random(seed);
        List<String> kinds = List.of("page_view", "signup", "purchase");
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> event("ev-" + seed + "-" + i,
                "user-" + random.nextInt(Math.max(1, n / 4)), kinds.get(random.nextInt(kinds.size())),
                startMillis + random.nextInt(86_400_000))).toList();
    }
}
