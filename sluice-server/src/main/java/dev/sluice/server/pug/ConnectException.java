package dev.sluice.server.pug;

/** A Connect error to answer with: the code picks the HTTP status, the message is sent as is. */
final class ConnectException extends RuntimeException {

    private final ConnectCode code;
    private final String reason;

    ConnectException(ConnectCode code, String message) {
        this(code, message, "");
    }

    /** With a {@code google.rpc.ErrorInfo} reason, as the original attaches (e.g. INVALID_EVENT_BATCH). */
    ConnectException(ConnectCode code, String message, String reason) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
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
