package dev.sluice.server.pug;

/** A Connect error to answer with: the code picks the HTTP status, the message is sent as is. */
final class ConnectException extends RuntimeException {

    private final ConnectCode code;
    private final String reason;
    private final int httpStatus;

    ConnectException(ConnectCode code, String message) {
        this(code, message, "");
    }

    /** With a {@code google.rpc.ErrorInfo} reason, as the original attaches (e.g. INVALID_EVENT_BATCH). */
    ConnectException(ConnectCode code, String message, String reason) {
        this(code, message, reason, code.httpStatus());
    }

    private ConnectException(ConnectCode code, String message, String reason, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    /**
     * A request body the HTTP layer refused. An unsupported {@code Content-Encoding} is {@code unimplemented}
     * (what Connect prescribes for unknown compression) sent with HTTP 415, a client error that no client retries.
     */
    static ConnectException body(dev.sluice.server.http.BodyException e) {
        return e.kind() == dev.sluice.server.http.BodyException.Kind.UNSUPPORTED_ENCODING
                ? new ConnectException(ConnectCode.UNIMPLEMENTED, e.getMessage(), "", e.status())
                : invalid(e.getMessage());
    }

    /** The HTTP status of a unary answer. */
    int httpStatus() {
        return httpStatus;
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
