package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue operations inside the {@link WriteTx} that reached them: the digest's upsert and lifecycle steps,
 * and the status changes and merges people make. Callers aggregate per key first.
 */
public interface IssueWrites {

    /** Inserts or adds to issues; answers their state after the upsert, by fingerprint. */
    Map<String, IssueState> upsert(ProjectId project, List<IssueUpsert> issues);

    /**
     * Moves one batch's occurrences of a merged issue to its target: the source stays at zero (its counts
     * moved at the merge), the target gains them. Answers the target's state.
     */
    IssueState redirect(String sourceId, String targetId, IssueUpsert occurrences);

    /** Sets the first occurrence's message of new issues (searched beside the title), by issue id. */
    void setMessages(Map<String, String> messageById);

    /** Records environments and releases issues have events in; known ones are skipped. */
    void addFacets(Collection<IssueFacet> facets);

    /** Records distinct users of an ignored issue; answers how many it has seen since the ignore began. */
    long addUsers(String issueId, Collection<String> userHashes);

    /**
     * Reopens issues the digest decided to: unresolved again, marked {@code substatus} ({@code regressed}
     * also counts the regression), ignore conditions cleared.
     */
    void reopen(Collection<String> issueIds, String substatus, long nowMillis);

    /** Sets the status of issues of {@code project}; answers the ids that exist (merged ones excluded). */
    List<String> setStatus(ProjectId project, Collection<String> issueIds, IssueStatusChange change, long nowMillis);

    /**
     * Merges {@code sourceIds} into {@code targetId}: counts, facets and stored occurrences move to the target,
     * and later events of a source's fingerprint go to the target. Answers the problem when one is invalid
     * (unknown, merged already, the target itself), changing nothing then.
     */
    Optional<String> merge(ProjectId project, String targetId, List<String> sourceIds, long nowMillis);
}
