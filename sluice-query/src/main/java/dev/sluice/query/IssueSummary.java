package dev.sluice.query;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An issue: a group of error occurrences sharing a fingerprint. Times are epoch milliseconds.
 *
 * @param message the first occurrence's message (searched beside the title)
 * @param lifecycle its status and what ends it
 */
public record IssueSummary(String id, int ruleVersion, String fingerprint, String title, String level, long count,
                           long firstSeen, long lastSeen, Optional<String> lastRelease,
                           Optional<String> lastEnvironment, Optional<String> message, Lifecycle lifecycle) {

    /**
     * Where an issue is in its lifecycle.
     *
     * @param status {@code unresolved}, {@code resolved} or {@code ignored} — as in effect now: an ignore whose
     *     time has passed reads as {@code unresolved} even before the next event reopens it
     * @param substatus {@code regressed} (a resolved issue recurred) or {@code escalating} (an ignore ran out)
     * @param resolvedInRelease when resolved "in the next release": the release it was resolved in
     * @param ignoreUntil an ignore's end time
     * @param ignoreUntilCount the event count at which an ignore ends
     * @param ignoreUserCount the distinct users after which an ignore ends; {@code ignoreUsersSeen} so far
     * @param mergedInto the issue this one was merged into (merged issues are left out of lists)
     */
    public record Lifecycle(String status, Optional<String> substatus, OptionalLong statusChangedAt,
                            Optional<String> resolvedInRelease, OptionalLong ignoreUntil,
                            OptionalLong ignoreUntilCount, OptionalLong ignoreUserCount, long ignoreUsersSeen,
                            OptionalLong regressedAt, int timesRegressed, Optional<String> mergedInto) {
    }
}
