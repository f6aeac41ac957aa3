package dev.sluice.server.ingest;

import java.util.List;
import java.util.Optional;

/**
 * Why the pipeline (or an adapter) refuses a request. Each protocol renders it in its own error shape;
 * {@link Reason} fixes the default HTTP status so every protocol refuses the same thing the same way, and the
 * {@link #tag()} names the refusal in the metrics (a protocol may keep its own, finer names).
 */
public final class Refusal extends Exception {

    /** The kinds of refusal, each with its HTTP status and the metrics reason tag. */
    public enum Reason {
        MISSING_KEY(401, "missing_key"),
        INVALID_KEY(403, "invalid_key"),
        TOO_LARGE(413, "too_large"),
        UNSUPPORTED_ENCODING(415, "unsupported_encoding"),
        INVALID(400, "invalid"),
        QUOTA(402, "quota"),
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
    private final String tag;
    private final long retryAfterSeconds;
    private final List<String> categories;
    private final List<String> details;

    private Refusal(Reason reason, String tag, String detail, long retryAfterSeconds, List<String> categories,
                    List<String> details) {
        super(detail, null, false, false);
        this.reason = reason;
        this.tag = tag;
        this.retryAfterSeconds = retryAfterSeconds;
        this.categories = List.copyOf(categories);
        this.details = List.copyOf(details);
    }

    /** A refusal with a human-readable {@code detail}. */
    public static Refusal of(Reason reason, String detail) {
        return new Refusal(reason, reason.tag(), detail, 0, List.of(), List.of());
    }

    /** A refusal with its own metrics {@code tag} (a protocol's finer name, e.g. {@code invalid_json}). */
    public static Refusal of(Reason reason, String tag, String detail) {
        return new Refusal(reason, tag, detail, 0, List.of(), List.of());
    }

    /** Over a rate limit: retry after {@code seconds}; {@code categories} are the limited item categories. */
    public static Refusal rateLimited(long seconds, List<String> categories) {
        return new Refusal(Reason.RATE_LIMITED, Reason.RATE_LIMITED.tag(), "rate limit exceeded", seconds,
                categories, List.of());
    }

    /** The store or queue cannot take the request now. */
    public static Refusal unavailable(long seconds, String detail) {
        return new Refusal(Reason.UNAVAILABLE, Reason.UNAVAILABLE.tag(), detail, seconds, List.of(),
                List.of());
    }

    /** This refusal with {@code message} in place of its detail (a protocol's own wording). */
    public Refusal reworded(String message) {
        return new Refusal(reason, tag, message, retryAfterSeconds, categories, details);
    }

    /** This refusal with advice for the client (where the key it sent belongs, what to send instead). */
    public Refusal withHint(Optional<String> advice) {
        return withDetails(advice.map(List::of).orElse(List.of()));
    }

    /** This refusal with {@code details} for the client (which fields are wrong, where the key belongs). */
    public Refusal withDetails(List<String> details) {
        return new Refusal(reason, tag, getMessage(), retryAfterSeconds, categories, details);
    }

    public Reason reason() {
        return reason;
    }

    /** The {@code reason} tag of the rejection counter. */
    public String tag() {
        return tag;
    }

    /** Seconds to wait, for 429 and 503; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The limited categories of a 429 (empty: all). */
    public List<String> categories() {
        return categories;
    }

    /** The first of the {@link #details()}: advice for the client, when there is some. */
    public Optional<String> hint() {
        return details.stream().findFirst();
    }

    /** Details for the client, in order; may be empty. */
    public List<String> details() {
        return details;
    }
}
