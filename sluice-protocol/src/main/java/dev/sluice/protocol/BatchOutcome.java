package dev.sluice.protocol;

import java.util.List;
import java.util.Optional;

/**
 * What the digest did with one batch: one outcome per item, in order.
 *
 * @param refused present when the digest refused the batch whole (a metered batch over its quota): nothing of
 *     it was stored, and every item's outcome is this refusal
 */
public record BatchOutcome(String requestId, List<ItemOutcome> items, Optional<ItemOutcome.Rejected> refused) {

    public BatchOutcome {
        items = List.copyOf(items);
    }

    /** A batch the digest took (each item's outcome says what became of it). */
    public BatchOutcome(String requestId, List<ItemOutcome> items) {
        this(requestId, items, Optional.empty());
    }

    /** Items stored as new data (including tasks created or deduped onto, and heartbeats). */
    public int stored() {
        return (int) items.stream().filter(i -> i instanceof ItemOutcome.Stored || i instanceof TaskOutcome
                || i instanceof HeartbeatOutcome).count();
    }

    /** Items recognised as exact duplicates. */
    public int duplicates() {
        return (int) items.stream().filter(i -> i instanceof ItemOutcome.Duplicate).count();
    }
}
