package dev.sluice.server.pug;

/** A Connect error to answer with: the code picks the HTTP status, the message is sent as is. */
final class ConnectException extends RuntimeException {

    private final ConnectCode code;

    ConnectException(ConnectCode code, String message) {
        super(message, null, false, false);
        this.code = code;
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
