package dev.sluice.protocol;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One run report of a scheduled job (Sentry's {@code check_in} item): a cron monitor per project and slug.
 * An {@code in_progress} check-in opens a run; an {@code ok} or {@code error} with the same
 * {@code checkInId} closes it, or records a whole run on its own.
 *
 * @param checkInId the client's id of the run, shared by its opening and closing check-in
 * @param status {@code in_progress}, {@code ok} or {@code error}
 * @param durationSeconds the run's duration as the client measured it
 * @param config the monitor's schedule when the client upserts it with this check-in
 * @param resendKey the identity of the envelope item it came from, when a resend of the same envelope can be
 *     told apart from new data (see the Sentry adapter); the digest stores an item with a key at most once
 */
public record CheckInItem(
        Optional<String> checkInId,
        String monitorSlug,
        String status,
        OptionalDouble durationSeconds,
        Optional<String> environment,
        Optional<String> release,
        Optional<MonitorConfig> config,
        Optional<String> timestamp,
        Optional<String> resendKey) implements Item {

    /** Statuses a client may send. */
    public static final java.util.Set<String> STATUSES = java.util.Set.of("in_progress", "ok", "error");

    /** A check-in without a resend identity. */
    public CheckInItem(Optional<String> checkInId, String monitorSlug, String status, OptionalDouble durationSeconds,
                       Optional<String> environment, Optional<String> release, Optional<MonitorConfig> config,
                       Optional<String> timestamp) {
        this(checkInId, monitorSlug, status, durationSeconds, environment, release, config, timestamp,
                Optional.empty());
    }

    /** A resent check-in (same run id and status) is applied once; a later status of the run still applies. */
    @Override
    public Optional<String> dedupeKey() {
        return resendKey;
    }
}
