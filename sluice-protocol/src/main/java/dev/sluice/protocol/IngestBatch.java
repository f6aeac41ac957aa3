package dev.sluice.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The items of one accepted request, the unit the ingest log commits and acknowledges.
 *
 * @param requestId the id answered to the client (Open Sentry's {@code {id}})
 */
public record IngestBatch(String requestId, ProjectId project, Instant receivedAt, List<Item> items) {

    public IngestBatch {
        items = List.copyOf(items);
    }
}
