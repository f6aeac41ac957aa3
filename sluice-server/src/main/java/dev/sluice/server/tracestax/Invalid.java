package dev.sluice.server.tracestax;

/** Why a TraceStax body was refused: not JSON at all ({@code invalid_json}), or JSON failing the schema. */
final class Invalid extends Exception {

    private final boolean json;

    private Invalid(String message, boolean json) {
        super(message, null, false, false);
        this.json = json;
    }

    static Invalid json(String message) {
        return new Invalid(message, true);
    }

    static Invalid schema(String message) {
        return new Invalid(message, false);
    }

    /** True for {@code invalid_json}, false for {@code validation_error}. */
    boolean notJson() {
        return json;
    }
}
