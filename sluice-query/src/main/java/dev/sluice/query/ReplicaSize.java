package dev.sluice.query;

import dev.sluice.analytics.AnalyticsReplica;

/** How much the analytics replica holds, for the CLI's rebuild report. */
public final class ReplicaSize {

    private ReplicaSize() {
    }

    /** The number of analytics events in {@code replica}. */
    public static long events(AnalyticsReplica replica) {
        return replica.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
