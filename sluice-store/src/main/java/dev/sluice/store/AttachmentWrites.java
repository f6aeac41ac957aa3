package dev.sluice.store;

import dev.sluice.protocol.ProjectId;

/**
 * Event attachments inside the {@link WriteTx} that reached them: stored rows and each project's quota of
 * attachment bytes. The used bytes move with every insert and retention purge, in the same transaction.
 */
public interface AttachmentWrites {

    /** The quota of a project that sets none: 1 GiB, Sentry's smallest plan's attachment allowance. */
    long DEFAULT_MAX_BYTES = 1L << 30;

    /**
     * A project's attachment bytes: allowed ({@code maxBytes}, 0: no quota) and stored ({@code usedBytes}).
     */
    record Quota(long maxBytes, long usedBytes) {

        /** Whether {@code bytes} more would go over the quota. */
        public boolean over(long bytes) {
            return maxBytes > 0 && usedBytes + bytes > maxBytes;
        }
    }

    /**
     * The quota of {@code project}. Nodes sharing PostgreSQL lock {@code attachment-quota:<project>} first
     * ({@link WriteTx#lock}), so two deciding at once do not both take the last bytes.
     */
    Quota quota(ProjectId project);

    /** Sets the quota of {@code project} ({@code 0}: none). */
    void setMaxBytes(ProjectId project, long maxBytes);

    /** Inserts attachments and adds their bytes to their projects' usage. */
    void insert(java.util.List<AttachmentRow> rows);
}
