package dev.sluice.server.pug;

/** A Connect error to answer with: the code picks the HTTP status, the message is sent as is. */
final class ConnectException extends RuntimeException {

    private final ConnectCode code;
    private final String reason;
    private final int httpStatus;
    private final int retryAfterSeconds;

    ConnectException(ConnectCode code, String message) {
        this(code, message, "");
    }

    /** With a {@code google.rpc.ErrorInfo} reason, as the original attaches (e.g. INVALID_EVENT_BATCH). */
    ConnectException(ConnectCode code, String message, String reason) {
        this(code, message, reason, code.httpStatus(), 1);
    }

    private ConnectException(ConnectCode code, String message, String reason, int httpStatus, int retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code unavailable} (503): the SDK retries, after {@code retryAfterSeconds} (sent as Retry-After). */
    static ConnectException unavailable(String message, int retryAfterSeconds) {
        return new ConnectException(ConnectCode.UNAVAILABLE, message, "", ConnectCode.UNAVAILABLE.httpStatus(),
                retryAfterSeconds);
    }

    /** Seconds a client should wait before retrying an {@code unavailable} call. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * A request body the HTTP layer refused ({@code tooLarge}: the message for a body over the limit). An unsupported {@code Content-Encoding} is {@code unimplemented}
     * (what Connect prescribes for unknown compression) sent with HTTP 415, a client error that no client retries.
     */
    static ConnectException body(dev.sluice.server.ingest.Refusal e, String tooLarge) {
        return switch (e.reason()) {
            case UNSUPPORTED_ENCODING -> new ConnectException(ConnectCode.UNIMPLEMENTED, e.getMessage(), "",
                    e.reason().status(), 1);
            case TOO_LARGE -> new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, tooLarge);
            default -> invalid(e.getMessage());
        };
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
