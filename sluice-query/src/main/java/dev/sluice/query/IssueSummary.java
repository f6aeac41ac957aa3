package dev.sluice.query;

import java.util.Optional;

/** An issue: a group of error occurrences sharing a fingerprint. Times are epoch milliseconds. */
public record IssueSummary(String id, int ruleVersion, String fingerprint, String title, String level, long count,
                           long firstSeen, long lastSeen, Optional<String> lastRelease,
                           Optional<String> lastEnvironment) {
}
