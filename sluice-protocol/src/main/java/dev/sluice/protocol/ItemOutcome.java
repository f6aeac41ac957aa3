package dev.sluice.protocol;

/**
 * What the digest did with one item, known once its commit is durable. Protocols with synchronous answers
 * (Tailpoint's created/deduped) read theirs from here.
 */
public sealed interface ItemOutcome permits ItemOutcome.Stored, ItemOutcome.Duplicate, ItemOutcome.Rejected,
        TaskOutcome, HeartbeatOutcome, ErasureOutcome {

    /** Stored as new data. */
    record Stored() implements ItemOutcome {
    }

    /** An exact duplicate of an item stored before (a client retry); nothing changed. */
    record Duplicate() implements ItemOutcome {
    }

    /**
     * Refused by a domain rule that needs stored state (so the edge could not check it). Such a refusal is
     * itself committed where the protocol remembers it (Tailpoint's rejected intake events).
     *
     * @param status the HTTP status the protocol answers with
     * @param code the protocol's error label
     */
    record Rejected(int status, String code, String message) implements ItemOutcome {
    }

    /** The shared instance for stored items. */
    ItemOutcome STORED = new Stored();
    /** The shared instance for duplicates. */
    ItemOutcome DUPLICATE = new Duplicate();
}
