package dev.sluice.server.ingest;

import java.util.List;

/**
 * Why the pipeline (or an adapter's decoder) refuses a request. Each protocol renders it in its own error
 * shape; {@link Reason} fixes the HTTP status so every protocol refuses the same thing the same way.
 */
public final class Refusal extends Exception {

    /** The kinds of refusal, each with its HTTP status and the metrics reason tag. */
    public enum Reason {
        MISSING_KEY(401, "missing_key"),
        INVALID_KEY(403, "invalid_key"),
        TOO_LARGE(413, "too_large"),
        UNSUPPORTED_ENCODING(415, "unsupported_encoding"),
        INVALID(400, "invalid"),
        RATE_LIMITED(429, "rate_limited"),
        UNAVAILABLE(503, "unavailable");

        private final int status;
        private final String tag;

        Reason(int status, String tag) {
            this.status = status;
            this.tag = tag;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** The {@code reason} tag of the rejection counter. */
        public String tag() {
            return tag;
        }
    }

    private final Reason reason;
    private final long retryAfterSeconds;
    private final List<String> categories;

    private Refusal(Reason reason, String detail, long retryAfterSeconds, List<String> categories) {
        super(detail, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
        this.categories = List.copyOf(categories);
    }

    /** A refusal with a human-readable {@code detail}. */
    public static Refusal of(Reason reason, String detail) {
        return new Refusal(reason, detail, 0, List.of());
    }

    /** Over a rate limit: retry after {@code seconds}; {@code categories} are the limited item categories. */
    public static Refusal rateLimited(long seconds, List<String> categories) {
        return new Refusal(Reason.RATE_LIMITED, "rate limit exceeded", seconds, categories);
    }

    /** The store or queue cannot take the request now. */
    public static Refusal unavailable(long seconds, String detail) {
        return new Refusal(Reason.UNAVAILABLE, detail, seconds, List.of());
    }

    public Reason reason() {
        return reason;
    }

    /** Seconds to wait, for 429 and 503; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The limited categories of a 429 (empty: all). */
    public List<String> categories() {
        return categories;
    }
}
