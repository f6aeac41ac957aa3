package dev.sluice.store;

import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.ProjectId;

/**
 * One stored AI generation: the item plus its resolved cost.
 *
 * @param costSource where the cost came from: {@code client}, {@code price-table:vN} or {@code unknown}
 */
public record GenerationRow(String id, ProjectId project, GenerationItem item, long receivedAt, long occurredAt,
                            Cost cost, String costSource) {

    /** Cost in USD; {@code known} is false when neither the client nor the price table had it. */
    public record Cost(boolean known, double input, double output, double total) {
    }
}
