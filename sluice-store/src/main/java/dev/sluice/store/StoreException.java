package dev.sluice.store;

/** A store operation failed: the database is unreachable, full, or refused the statement. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
