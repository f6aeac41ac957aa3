package dev.sluice.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of raw data retention applies to, with the table holding each. Issues, job runs, usage counters
 * and other aggregates are not raw data: they outlive their events, so counts stay right. Rows are aged by
 * their UUIDv7 id (arrival) unless the family names a time column ({@link #timeColumn}, epoch millis) and the
 * key a batch deletes by. Sentry's extra items each get a family of their own, so a project can keep its large
 * attachments shorter than the events they belong to: check-ins (a monitor and its schedule outlive them),
 * attachments, release-health sessions (the per-session states; the hourly release counts are aggregates
 * and stay) and client reports (per-day discard counts, aged by their day).
 *
 * <p>{@link #DEDUPE_KEYS} is no data of its own: the resend keys ({@code dedupe_keys}) that make a client's retry
 * of an event or envelope item a duplicate. Its days are not set but follow the families whose items it guards
 * ({@link #resendKeyed}): the longest of their retentions, at least {@link #DEDUPE_FLOOR_DAYS}. A resend older
 * than that is stored again.
 */
public enum DataFamily {
    ERROR_EVENTS("errors", "error_events"),
    TRANSACTIONS("transactions", "transactions"),
    AI_GENERATIONS("ai", "ai_generations"),
    JOB_EVENTS("job_events", "job_events"),
    QUEUE_SNAPSHOTS("queue_snapshots", "job_queue_snapshots"),
    ANALYTICS_EVENTS("analytics", "analytics_events", "occurred_at", "event_id"),
    LOGS("logs", "log_records"),
    CHECK_INS("checkins", "monitor_checkins"),
    ATTACHMENTS("attachments", "attachments"),
    SESSIONS("sessions", "session_states", "updated_at", "session_id"),
    CLIENT_REPORTS("client_reports", "client_discards", "day", "day, reason, category"),
    DEDUPE_KEYS("dedupe_keys", "dedupe_keys", "created_at", "dedupe_key");

    /**
     * Days a resend key lives at least, whatever the families keep: offline-cached mobile SDKs send what they
     * cached days or weeks later, and a key gone before the resend arrives would store the event twice.
     */
    public static final int DEDUPE_FLOOR_DAYS = 30;

    /** Days kept when a project sets nothing. */
    public static final int DEFAULT_DAYS = 90;

    /** Size cap when a project sets nothing: none (0), days alone bound the data. */
    public static final long DEFAULT_MAX_BYTES = 0;

    private final String id;
    private final String table;

    private final Optional<String> timeColumn;
    private final String key;

    DataFamily(String id, String table) {
        this.id = id;
        this.table = table;
        this.timeColumn = Optional.empty();
        this.key = "id";
    }

    DataFamily(String id, String table, String timeColumn, String key) {
        this.id = id;
        this.table = table;
        this.timeColumn = Optional.of(timeColumn);
        this.key = key;
    }

    /** The column (epoch millis) rows are aged by; empty: by their UUIDv7 {@code id}. */
    public Optional<String> timeColumn() {
        return timeColumn;
    }

    /** The columns that, with {@code project_id}, identify one row (SQL identifiers, never user input). */
    public String key() {
        return key;
    }

    /** The name used in the API, the CLI and metrics. */
    public String id() {
        return id;
    }

    /** The table holding the family's rows (SQL identifiers, never user input). */
    public String table() {
        return table;
    }

    /** False for {@link #DEDUPE_KEYS}: its days follow the other families' (see the type's comment). */
    public boolean settable() {
        return this != DEDUPE_KEYS;
    }

    /**
     * Whether items of this family claim keys in {@code dedupe_keys} (event ids of errors, transactions and AI
     * generations; the Sentry resend keys of logs, check-ins, attachments, sessions and client reports), so
     * {@link #DEDUPE_KEYS} lives as long as the longest of them. Analytics events, job events and queue
     * snapshots dedupe on unique keys of their own rows, which retention removes with the rows.
     */
    public boolean resendKeyed() {
        return switch (this) {
            case ANALYTICS_EVENTS, JOB_EVENTS, QUEUE_SNAPSHOTS, DEDUPE_KEYS -> false;
            default -> true;
        };
    }

    /** The family named {@code id}. */
    public static Optional<DataFamily> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
