package dev.sluice.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The items of one accepted request, the unit the ingest log commits and acknowledges.
 *
 * @param requestId the id answered to the client (Open Sentry's {@code {id}})
 * @param metered whether the batch spends its project's monthly job-event quota (TraceStax live ingest): the
 *     digest then refuses it whole, inside the commit, when the month's usage has reached the quota, so two
 *     concurrent batches cannot both spend its last unit; a metered batch is committed even when empty,
 *     because the refusal is still the answer
 */
public record IngestBatch(String requestId, ProjectId project, Instant receivedAt, List<Item> items,
                          boolean metered) {

    public IngestBatch {
        items = List.copyOf(items);
    }

    /** A batch no quota applies to. */
    public IngestBatch(String requestId, ProjectId project, Instant receivedAt, List<Item> items) {
        this(requestId, project, receivedAt, items, false);
    }
}
