package dev.sluice.store;

/** An environment or release an issue has events in ({@code kind} is {@code environment} or {@code release}). */
public record IssueFacet(String issueId, String kind, String value) {
}
