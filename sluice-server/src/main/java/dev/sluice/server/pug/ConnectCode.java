package dev.sluice.server.pug;

/** Connect error codes with the HTTP status the original server sends for each (pug.md §1.2). */
enum ConnectCode {
    CANCELED("canceled", 499),
    UNKNOWN("unknown", 500),
    INVALID_ARGUMENT("invalid_argument", 400),
    DEADLINE_EXCEEDED("deadline_exceeded", 504),
    NOT_FOUND("not_found", 404),
    ALREADY_EXISTS("already_exists", 409),
    PERMISSION_DENIED("permission_denied", 403),
    RESOURCE_EXHAUSTED("resource_exhausted", 429),
    FAILED_PRECONDITION("failed_precondition", 400),
    ABORTED("aborted", 409),
    OUT_OF_RANGE("out_of_range", 400),
    UNIMPLEMENTED("unimplemented", 501),
    INTERNAL("internal", 500),
    UNAVAILABLE("unavailable", 503),
    DATA_LOSS("data_loss", 500),
    UNAUTHENTICATED("unauthenticated", 401);

    private final String wireName;
    private final int httpStatus;

    ConnectCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    /** The JSON {@code code} value. */
    String wireName() {
        return wireName;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** The numeric code (1–16). */
    int number() {
        return ordinal() + 1;
    }
}
