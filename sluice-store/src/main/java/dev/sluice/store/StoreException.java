package dev.sluice.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** A store operation failed: the database is unreachable, full, or refused the statement. */
public final class StoreException extends RuntimeException {

    /** What a caller can do about a failure. */
    public enum Failure {
        /**
         * Serialization failure or deadlock (SQLSTATE 40001/40P01): the transaction was rolled back because it
         * raced another one; running the same work again is safe and will usually succeed.
         */
        CONFLICT,
        /** The database cannot be reached (connection refused, closed, shut down, pool timeout). */
        UNAVAILABLE,
        /** The row exists already (a unique name taken, possibly by another node a moment ago). */
        DUPLICATE,
        /**
         * The statement needs more than the store may use (the analytics replica's memory cap): retrying the same
         * work fails again; a narrower question, or a higher limit, answers.
         */
        TOO_LARGE,
        /** Anything else: the statement or its data was refused; retrying the same work fails again. */
        OTHER
    }

    private final Failure declared;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
        this.declared = null;
    }

    public StoreException(String message) {
        this(message, Failure.OTHER);
    }

    /** A failure whose kind the store knows for certain. */
    public StoreException(String message, Failure failure) {
        super(message);
        this.declared = failure;
    }

    /** A failure whose kind the store knows for certain, with its cause. */
    public StoreException(String message, Throwable cause, Failure failure) {
        super(message, cause);
        this.declared = failure;
    }

    /** Classifies {@code error} (any exception, wrapped or not) by the first SQL state found in its causes. */
    public static Failure classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException s && s.declared != null) {
                return s.declared;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return Failure.UNAVAILABLE;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01")) {
                    return Failure.CONFLICT;
                }
                if (state.equals("23505")) {
                    return Failure.DUPLICATE;
                }
                // 08: connection exceptions; 57P01-57P03: admin/crash shutdown, cannot connect now.
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return Failure.UNAVAILABLE;
                }
            }
        }
        return Failure.OTHER;
    }
}
