package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Optional;

/**
 * Release-health sessions and SDK client reports (what an SDK says about its own sending), inside the
 * {@link WriteTx} that reached them.
 */
public interface SessionWrites {

    /** A counter row's key: environment {@code ""} when none; {@code startedHour} in epoch millis. */
    record Bucket(ProjectId project, String release, String environment, long startedHour) {
    }

    /** Sessions to add to a bucket (negative to move a session out of an outcome). */
    record Counts(long healthy, long errored, long abnormal, long crashed) {

        /** One session of {@code outcome} ({@code healthy}, {@code errored}, {@code abnormal} or {@code crashed}). */
        public static Counts one(String outcome, long n) {
            return switch (outcome) {
                case "crashed" -> new Counts(0, 0, 0, n);
                case "abnormal" -> new Counts(0, 0, n, 0);
                case "errored" -> new Counts(0, n, 0, 0);
                default -> new Counts(n, 0, 0, 0);
            };
        }

        public Counts plus(Counts o) {
            return new Counts(healthy + o.healthy, errored + o.errored, abnormal + o.abnormal, crashed + o.crashed);
        }
    }

    /** The latest known state of one session. */
    record SessionState(Bucket bucket, String sessionId, String outcome, long updatedAt) {
    }

    Optional<SessionState> session(ProjectId project, String sessionId);

    void putSession(SessionState state);

    /** Adds {@code counts} to {@code bucket}'s counters. */
    void add(Bucket bucket, Counts counts);

    /** Adds client-side drops of one UTC day ({@code dayMillis}), reason and category. */
    void addDiscarded(ProjectId project, long dayMillis, String reason, String category, long quantity);
}
