package dev.sluice.protocol;

import java.util.Optional;

/**
 * One release-health session update (Sentry's {@code session} item). A session is sent several times as it
 * goes; the digest keeps its latest state by {@code sessionId} and counts each session once, by its worst
 * outcome.
 *
 * @param status {@code ok}, {@code exited}, {@code errored}, {@code crashed} or {@code abnormal}
 * @param errors errors seen in the session so far
 * @param timestamp when the session started ({@code started})
 */
public record SessionItem(String sessionId, String release, Optional<String> environment, String status, long errors,
                          Optional<String> timestamp) implements Item {

    /** Statuses a client may send. */
    public static final java.util.Set<String> STATUSES = java.util.Set.of("ok", "exited", "errored", "crashed",
            "abnormal");

    /** Updates of one session replace each other; they carry no dedupe identity. */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }
}
