package dev.sluice.store;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A status set by a person (REST, dashboard). Build one with the factory methods.
 *
 * @param status {@code unresolved}, {@code resolved} or {@code ignored}
 * @param inNextRelease resolved "in the next release": recurrences in the release current now do not reopen
 * @param release the release to count as current (else the issue's last seen release)
 * @param ignoreUntil an ignore ends at this time (epoch millis)
 * @param ignoreMoreEvents an ignore ends after this many more events
 * @param ignoreMoreUsers an ignore ends after this many more distinct users
 */
public record IssueStatusChange(String status, boolean inNextRelease, Optional<String> release,
                                OptionalLong ignoreUntil, OptionalLong ignoreMoreEvents,
                                OptionalLong ignoreMoreUsers) {

    /** Back to unresolved (clears the regression mark). */
    public static IssueStatusChange unresolved() {
        return new IssueStatusChange("unresolved", false, Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** Resolved now: any later event is a regression. */
    public static IssueStatusChange resolved() {
        return new IssueStatusChange("resolved", false, Optional.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** Resolved in the next release: only events of another release than {@code release} (or the last seen) reopen. */
    public static IssueStatusChange resolvedInNextRelease(Optional<String> release) {
        return new IssueStatusChange("resolved", true, release, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty());
    }

    /** Ignored; each present condition ends it, none means forever. */
    public static IssueStatusChange ignored(OptionalLong until, OptionalLong moreEvents, OptionalLong moreUsers) {
        return new IssueStatusChange("ignored", false, Optional.empty(), until, moreEvents, moreUsers);
    }
}
