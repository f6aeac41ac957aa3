package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Alert rules, cooldown state and the outbox, inside the {@link WriteTx} that reached them. */
public interface AlertWrites {

    /** Cooldown state of one rule and subject. */
    record State(long lastSentAt, long suppressed) {
    }

    /** Enabled rules of {@code project} of the given kinds. */
    List<AlertRule> rules(ProjectId project, Collection<String> kinds);

    /** Enabled rules of the given kinds in every project (the scheduler's view). */
    List<AlertRule> rules(Collection<String> kinds);

    /** One rule by id, enabled or not. */
    Optional<AlertRule> rule(String ruleId);

    /** Occurrences of an issue received at or after {@code sinceMillis}, counted up to {@code cap}. */
    long recentIssueEvents(String issueId, long sinceMillis, long cap);

    Optional<State> state(String ruleId, String subject);

    void putState(String ruleId, String subject, State state);

    /** Adds an alert to the outbox, one row per channel; {@code ids} are the delivery ids, one per channel. */
    void enqueue(AlertRule rule, String subject, String payloadJson, List<String> ids, long nowMillis);

    /**
     * Leases up to {@code limit} due deliveries until {@code leaseUntil} (counting an attempt), so one node
     * sends each; a crashed sender's lease runs out and another picks the row up.
     */
    List<AlertDelivery> claimDue(long nowMillis, long leaseUntil, int limit);

    void markDelivered(String id, long nowMillis);

    void markRetry(String id, long nextAttemptAt, String error);

    void markFailed(String id, long nowMillis, String error);

    void insertRule(AlertRule rule);

    /** Deletes a rule of {@code project}; answers whether it existed. */
    boolean deleteRule(ProjectId project, String ruleId);
}
