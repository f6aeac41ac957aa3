package dev.sluice.protocol;

import java.util.List;

/** What the digest did with one batch: one outcome per item, in order. */
public record BatchOutcome(String requestId, List<ItemOutcome> items) {

    public BatchOutcome {
        items = List.copyOf(items);
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
