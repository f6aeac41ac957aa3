package dev.sluice.protocol;

import java.util.Optional;

/**
 * Items an SDK dropped before sending (one line of Sentry's {@code client_report}): how many of a
 * {@code category} (error, transaction, span, session, …) for a {@code reason} (queue_overflow,
 * ratelimit_backoff, sample_rate, before_send, network_error, …).
 *
 * @param timestamp when the SDK wrote the report
 */
public record ClientReportItem(String reason, String category, long quantity, Optional<String> timestamp)
        implements Item {

    /** Reports are counts; a resent envelope counts again. */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }
}
