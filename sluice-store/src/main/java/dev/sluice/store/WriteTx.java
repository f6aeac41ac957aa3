package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write operations of one store transaction. Everything done through one {@code WriteTx} commits
 * together or not at all. Callers aggregate per key before calling: a key appears at most once per call.
 */
public interface WriteTx {

    /**
     * Takes transaction-scoped locks on {@code keys} (any strings that name a decision, such as a dedupe key
     * of a project), held until commit or rollback. A decision that reads shared state and then writes takes
     * its lock first, so another node deciding on the same key waits and then sees the outcome. All keys of a
     * call are locked in one fixed order, so two transactions cannot deadlock on them; a caller locks
     * everything it needs in one call before writing. On a single-writer engine (SQLite) this does nothing.
     */
    void lock(Collection<String> keys);

    /**
     * Records dedupe keys; answers the subset that was new. Keys already present belong to items that
     * were stored before (a client retry) and must not be stored again.
     */
    Set<String> claimDedupeKeys(ProjectId project, Collection<String> keys, long nowMillis);

    /**
     * Inserts or updates issues; answers issue id by fingerprint. One entry per fingerprint.
     *
     * @deprecated bypasses the issue lifecycle (regressions, ignores, merges, alerts): the digest upserts
     *     through its {@code IssueLifecycle}, which uses {@link #issues()}
     */
    @Deprecated
    Map<String, String> upsertIssues(ProjectId project, List<IssueUpsert> issues);

    /** Retention settings and purge batches in this transaction. */
    RetentionWrites retention();

    /** Alert rules, cooldowns and the outbox in this transaction. */
    AlertWrites alerts();

    /** Issue lifecycle operations (upsert with state, status changes, merges) in this transaction. */
    IssueWrites issues();

    /** Inserts error occurrences. */
    void insertErrorEvents(List<ErrorEventRow> rows);

    /** Inserts transactions and their spans. */
    void insertTransactions(List<TransactionRow> rows);

    /** Transactions with span identity, joined by trace, in this same transaction. */
    TraceWrites traces();

    /** Adds to the per-name, per-hour transaction counts and duration histograms (one entry per key). */
    void addTransactionHistograms(List<TransactionHistogram> rows);

    /** Inserts AI generations. */
    void insertGenerations(List<GenerationRow> rows);

    /** Product-analytics (Pug) operations in this transaction. */
    AnalyticsWrites analytics();

    /** Task (Tailpoint) operations in this transaction. */
    TaskWrites tasks();

    /** Background-job telemetry writes (TraceStax), in this same transaction. */
    JobWrites jobs();

    /** Inserts log records. */
    void insertLogs(List<LogRow> rows);

    /** Event attachments and their per-project quota, in this same transaction. */
    AttachmentWrites attachments();

    /** Release-health sessions, in this same transaction. */
    SessionWrites sessions();

    /** Cron monitors and their check-ins, in this same transaction. */
    MonitorWrites monitors();

    /** Grouping rules and issue lookups, in this same transaction. */
    GroupingWrites grouping();
}
