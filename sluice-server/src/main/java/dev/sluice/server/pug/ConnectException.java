package dev.sluice.server.pug;

/** A Connect error to answer with: the code picks the HTTP status, the message is sent as is. */
final class ConnectException extends RuntimeException {

    private final ConnectCode code;
    private final String reason;
    private final int retryAfterSeconds;

    ConnectException(ConnectCode code, String message) {
        this(code, message, "");
    }

    /** With a {@code google.rpc.ErrorInfo} reason, as the original attaches (e.g. INVALID_EVENT_BATCH). */
    ConnectException(ConnectCode code, String message, String reason) {
        this(code, message, reason, 1);
    }

    private ConnectException(ConnectCode code, String message, String reason, int retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code unavailable} (503): the SDK retries, after {@code retryAfterSeconds} (sent as Retry-After). */
    static ConnectException unavailable(String message, int retryAfterSeconds) {
        return new ConnectException(ConnectCode.UNAVAILABLE, message, "", retryAfterSeconds);
    }

    /** Seconds a client should wait before retrying an {@code unavailable} call. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The ErrorInfo reason, empty when none. */
    String reason() {
        return reason;
    }

    static ConnectException invalid(String message) {
        return new ConnectException(ConnectCode.INVALID_ARGUMENT, message);
    }

    static ConnectException notFound(String message) {
        return new ConnectException(ConnectCode.NOT_FOUND, message);
    }

    ConnectCode code() {
        return code;
    }
}
