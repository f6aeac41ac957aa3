package dev.sluice.protocol;

/** What the digest did with one batch: how many items were stored and how many were exact duplicates. */
public record BatchOutcome(String requestId, int stored, int duplicates) {
}
