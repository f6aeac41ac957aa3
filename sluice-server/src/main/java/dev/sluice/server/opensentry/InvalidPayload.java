package dev.sluice.server.opensentry;

/** The body is JSON but breaks the schema; the message says where, for logs (clients get the spec's text). */
final class InvalidPayload extends Exception {

    InvalidPayload(String message) {
        super(message, null, false, false);
    }
}
