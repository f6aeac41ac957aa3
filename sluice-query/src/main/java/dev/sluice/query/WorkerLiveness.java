package dev.sluice.query;

import java.util.OptionalLong;

/**
 * Whether a worker is alive, judged at read time: {@code offline} once its newest heartbeat announced
 * shutdown, {@code stale} when more than {@code missed} intervals passed since its last heartbeat, else
 * {@code online}. A function of its inputs only, so the clock is the caller's.
 */
public final class WorkerLiveness {

    private WorkerLiveness() {
    }

    /** The state of a worker last heard from at {@code lastHeartbeat}, at {@code now} (epoch ms). */
    public static String status(long lastHeartbeat, OptionalLong shutdownAt, long now, long intervalSeconds,
                                int missed) {
        if (shutdownAt.isPresent()) {
            return "offline";
        }
        return now - lastHeartbeat > intervalSeconds * 1000L * missed ? "stale" : "online";
    }
}
