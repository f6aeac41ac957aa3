package dev.sluice.store;

import dev.sluice.protocol.ProjectId;

/** Retention inside the {@link WriteTx} that reached it: settings and one purge batch. */
public interface RetentionWrites {

    /** Occurrences of each issue kept however old (the newest of those past the cutoff), as a sample. */
    int SAMPLE_PER_ISSUE = 5;

    /** Sets the days {@code family} is kept in {@code project}. */
    void setDays(ProjectId project, DataFamily family, int days);

    /** Caps {@code family} in {@code project} at about {@code maxBytes} (0: no cap), oldest rows going first. */
    void setMaxBytes(ProjectId project, DataFamily family, long maxBytes);

    /** One batch: rows looked at and deleted, and where the next batch goes on. */
    record Purged(int scanned, int deleted, java.util.Optional<String> after) {
    }

    /**
     * Looks at up to {@code limit} rows of {@code family} in {@code project} received (or, for a family
     * with a {@link DataFamily#timeColumn}, timed) before {@code cutoffMillis}, after the row {@code after}, and deletes them, except
     * that error events keep {@link #SAMPLE_PER_ISSUE} per issue. Fewer scanned than {@code limit}: done.
     * SQLite analytics events (no time index) are walked instead: the next {@code limit} rows of every project
     * after the feed position {@code after} are looked at, and the project's old ones among them deleted.
     */
    Purged purgeBatch(ProjectId project, DataFamily family, long cutoffMillis, java.util.Optional<String> after,
                      int limit);

    /** One batch of the dedupe-key purge: rows looked at, deletions per project id, where the next goes on. */
    record KeysPurged(int scanned, java.util.Map<String, Long> deleted, java.util.Optional<String> after) {
        public KeysPurged {
            deleted = java.util.Map.copyOf(deleted);
        }
    }

    /**
     * One batch of the {@link DataFamily#DEDUPE_KEYS} purge, every project at once: keys created before their
     * project's cutoff ({@code cutoffs}, project id to epoch millis; {@code otherCutoff} for keys of projects not
     * named) are deleted. SQLite walks the next {@code limit} rows by rowid after {@code after} (insertion order),
     * PostgreSQL deletes up to {@code limit} old rows found by the BRIN index on {@code created_at}. Fewer
     * scanned than {@code limit}: done.
     */
    KeysPurged purgeDedupeKeys(java.util.Map<String, Long> cutoffs, long otherCutoff,
                               java.util.Optional<String> after, int limit);

    /**
     * Analytics events at these feed positions ({@code feed_seq}; SQLite, at most 30,000 per call) that belong
     * to {@code project} and occurred before {@code cutoffMillis}: deleted; answers how many. Positions come from
     * the analytics replica (see {@link EventLocator}); rows above its mark go by {@link #purgeBatch}'s walk.
     */
    int purgeAnalyticsAt(ProjectId project, long cutoffMillis, long[] positions);

    /**
     * Gives up to {@code maxPages} free pages back to the file system where the engine can (SQLite created with
     * incremental vacuum; they leave the file at the next WAL checkpoint); answers how many (0: nothing left).
     */
    int reclaim(int maxPages);
}
