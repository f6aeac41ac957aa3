package dev.sluice.server.alerts;

/** How one delivery attempt went. */
record SendResult(Kind kind, String detail) {

    enum Kind {
        DELIVERED,
        RETRY,
        PERMANENT
    }

    static SendResult delivered() {
        return new SendResult(Kind.DELIVERED, "");
    }

    static SendResult retry(String why) {
        return new SendResult(Kind.RETRY, why);
    }

    static SendResult permanent(String why) {
        return new SendResult(Kind.PERMANENT, why);
    }
}
