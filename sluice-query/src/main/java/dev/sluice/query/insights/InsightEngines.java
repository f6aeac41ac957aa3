package dev.sluice.query.insights;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.store.Store;

/** The insight engines. */
public final class InsightEngines {

    private InsightEngines() {
    }

    /** The reference engine over the row store: exact, but it reads the range's events into memory. */
    public static InsightEngine scan(Store store) {
        return new ScanEngine(AnalyticsQueries.create(store));
    }

    /**
     * The columnar engine: SQL on this node's DuckDB replica of {@code store}, which it brings up to date
     * before each answer.
     */
    public static InsightEngine replica(AnalyticsReplica replica, Store store) {
        return new ReplicaEngine(replica, AnalyticsQueries.create(store));
    }
}
