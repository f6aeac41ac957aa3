package dev.sluice.store;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An issue as an upsert left it: its counts after the upsert and its lifecycle fields, which the upsert never
 * changes, so they are the state the digest's lifecycle rules decide from.
 *
 * @param created whether this upsert inserted the issue
 * @param ignoreUntilCount the event count at which an "ignore until N more events" ends
 * @param ignoreUserCount how many distinct users end an "ignore until N more users"
 * @param ignoreUsersSeen distinct users seen since that ignore began
 * @param mergedInto the issue this one was merged into, whose counts the events belong to
 */
public record IssueState(String id, String fingerprint, boolean created, String title, String level,
                         long eventCount, String status, Optional<String> resolvedInRelease,
                         OptionalLong ignoreUntil, OptionalLong ignoreUntilCount, OptionalLong ignoreUserCount,
                         long ignoreUsersSeen, Optional<String> mergedInto) {
}
