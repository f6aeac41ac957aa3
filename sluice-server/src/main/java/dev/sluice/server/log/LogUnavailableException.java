package dev.sluice.server.log;

/** The log cannot take or commit a batch right now; clients should retry after {@link #retryAfterSeconds()}. */
public final class LogUnavailableException extends RuntimeException {

    private final int retryAfterSeconds;

    public LogUnavailableException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.retryAfterSeconds = 1;
    }

    /** Seconds the client should wait before retrying. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
