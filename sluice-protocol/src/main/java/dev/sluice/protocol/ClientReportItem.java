package dev.sluice.protocol;

import java.util.Optional;

/**
 * Items an SDK dropped before sending (one line of Sentry's {@code client_report}): how many of a
 * {@code category} (error, transaction, span, session, …) for a {@code reason} (queue_overflow,
 * ratelimit_backoff, sample_rate, before_send, network_error, …).
 *
 * @param timestamp when the SDK wrote the report
 * @param resendKey the identity of the envelope item it came from, when a resend of the same envelope can be
 *     told apart from new data (see the Sentry adapter); the digest stores an item with a key at most once
 */
public record ClientReportItem(String reason, String category, long quantity, Optional<String> timestamp,
                               Optional<String> resendKey) implements Item {

    /** A report without a resend identity: counted every time it arrives. */
    public ClientReportItem(String reason, String category, long quantity, Optional<String> timestamp) {
        this(reason, category, quantity, timestamp, Optional.empty());
    }

    /** Reports are counts; one with a resend identity is counted once. */
    @Override
    public Optional<String> dedupeKey() {
        return resendKey;
    }
}
