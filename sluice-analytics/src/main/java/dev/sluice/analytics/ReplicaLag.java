package dev.sluice.analytics;

import java.time.Duration;

/** How far a replica trails the row store: events not yet appended, and the age of the oldest of them. */
public record ReplicaLag(long events, Duration age) {

    /** Whether the replica holds everything the row store has committed. */
    public boolean caughtUp() {
        return events == 0;
    }
}
