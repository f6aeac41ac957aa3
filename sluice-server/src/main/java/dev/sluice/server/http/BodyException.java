package dev.sluice.server.http;

/**
 * A request body that cannot be read for a reason that is the client's: an unsupported
 * {@code Content-Encoding} (415), compressed data that does not inflate, or broken chunked framing (400).
 * Each protocol adapter answers it in its own error shape; anything else answers {@code {"error": …}}.
 */
public final class BodyException extends RuntimeException {

    /** Why the body was refused. */
    public enum Kind {
        /** {@code Content-Encoding} other than gzip, deflate or identity: 415. */
        UNSUPPORTED_ENCODING(415),
        /** Compressed bytes that do not decode: 400. */
        CORRUPT_ENCODING(400),
        /** Chunked framing the HTTP layer could not parse: 400. */
        BAD_FRAMING(400);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The HTTP status to answer. */
        public int status() {
            return status;
        }
    }

    private final Kind kind;

    BodyException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    /** Why the body was refused. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status to answer (415 or 400). */
    public int status() {
        return kind.status();
    }
}
