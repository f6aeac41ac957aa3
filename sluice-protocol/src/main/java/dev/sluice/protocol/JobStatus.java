package dev.sluice.protocol;

import java.util.Set;

/**
 * What TraceStax status strings mean for a run. Clients may send statuses we do not know (the spec says to
 * accept them): those are recorded but neither start nor finish a run.
 */
public final class JobStatus {

    /** {@code started}: the attempt began. */
    public static final int PHASE_STARTED = 0;
    /** {@code retried} or an unknown status: the attempt ended, the run goes on. */
    public static final int PHASE_INTERIM = 1;
    /** A finishing status: the run is over. */
    public static final int PHASE_FINISHED = 2;

    /** Finishing statuses that count as failures in stats and open issues. */
    public static final Set<String> FAILURES = Set.of("failed", "timeout", "stalled", "revoked");
    private static final Set<String> FINISHING = Set.of("succeeded", "failed", "timeout", "stalled", "revoked");

    private JobStatus() {
    }

    /** The phase of {@code status}. */
    public static int phase(String status) {
        if (status.equals("started")) {
            return PHASE_STARTED;
        }
        return FINISHING.contains(status) ? PHASE_FINISHED : PHASE_INTERIM;
    }

    /** Whether {@code status} is a failed ending. */
    public static boolean isFailure(String status) {
        return FAILURES.contains(status);
    }
}
