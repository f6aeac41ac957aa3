package dev.sluice.query.insights;

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
}
