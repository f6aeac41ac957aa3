package dev.sluice.digest;

import dev.sluice.store.IssueState;
import java.util.Set;

/**
 * The issue lifecycle as a pure function: what new occurrences do to an issue's status.
 * <ul>
 *   <li>resolved → a later occurrence is a <b>regression</b> (reopened, marked {@code regressed}); when it was
 *       resolved "in the next release", only occurrences of another release than the one current then count
 *       (occurrences without a release do not, as they cannot be placed after it);</li>
 *   <li>ignored → reopened as {@code escalating} once a condition runs out: the time passed, the event count
 *       reached the threshold, or enough distinct users were seen; with no condition it stays ignored;</li>
 *   <li>unresolved → unchanged.</li>
 * </ul>
 */
public final class IssueRules {

    /** What the occurrences of one commit do to an issue. */
    public enum Transition {
        NONE,
        REGRESSED,
        ESCALATING
    }

    private IssueRules() {
    }

    /**
     * Decides for {@code issue} (its state after counting the new occurrences), given the releases those
     * occurrences carried, the distinct users seen since the ignore began, and the commit time.
     */
    public static Transition decide(IssueState issue, Set<String> releases, long usersSeen, long nowMillis) {
        return switch (issue.status()) {
            case "resolved" -> {
                if (issue.resolvedInRelease().isEmpty()) {
                    yield Transition.REGRESSED;
                }
                String resolvedIn = issue.resolvedInRelease().get();
                yield releases.stream().anyMatch(r -> !r.equals(resolvedIn)) ? Transition.REGRESSED : Transition.NONE;
            }
            case "ignored" -> {
                boolean timeUp = issue.ignoreUntil().isPresent() && nowMillis >= issue.ignoreUntil().getAsLong();
                boolean countUp = issue.ignoreUntilCount().isPresent()
                        && issue.eventCount() >= issue.ignoreUntilCount().getAsLong();
                boolean usersUp = issue.ignoreUserCount().isPresent()
                        && usersSeen >= issue.ignoreUserCount().getAsLong();
                yield timeUp || countUp || usersUp ? Transition.ESCALATING : Transition.NONE;
            }
            default -> Transition.NONE;
        };
    }
}
