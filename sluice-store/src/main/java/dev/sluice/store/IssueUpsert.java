package dev.sluice.store;

import java.util.Optional;

/**
 * The aggregate of one batch's occurrences of one issue: added to the stored issue, or creating it.
 *
 * @param newId the id to use when the issue does not exist yet
 * @param count occurrences in this batch
 */
public record IssueUpsert(String newId, int ruleVersion, String fingerprint, String title, String level,
                          long count, long firstSeen, long lastSeen, Optional<String> lastRelease,
                          Optional<String> lastEnvironment) {
}
