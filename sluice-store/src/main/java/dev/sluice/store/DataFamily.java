package dev.sluice.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of raw data retention applies to, with the table holding each. Issues, job runs, usage counters
 * and other aggregates are not raw data: they outlive their events, so counts stay right.
 */
public enum DataFamily {
    ERROR_EVENTS("errors", "error_events"),
    TRANSACTIONS("transactions", "transactions"),
    AI_GENERATIONS("ai", "ai_generations"),
    JOB_EVENTS("job_events", "job_events"),
    QUEUE_SNAPSHOTS("queue_snapshots", "job_queue_snapshots"),
    ANALYTICS_EVENTS("analytics", "analytics_events"),
    LOGS("logs", "log_records");

    /** Days kept when a project sets nothing. */
    public static final int DEFAULT_DAYS = 90;

    /** Size cap when a project sets nothing: none (0), days alone bound the data. */
    public static final long DEFAULT_MAX_BYTES = 0;

    private final String id;
    private final String table;

    DataFamily(String id, String table) {
        this.id = id;
        this.table = table;
    }

    /** The name used in the API, the CLI and metrics. */
    public String id() {
        return id;
    }

    /** The table holding the family's rows (SQL identifiers, never user input). */
    public String table() {
        return table;
    }

    /** The family named {@code id}. */
    public static Optional<DataFamily> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
