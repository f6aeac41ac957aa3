package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.IssueStatusChange;
import dev.sluice.store.Store;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What people do to issues (REST, dashboard): set a status, merge. Each call is one store transaction; the
 * digest's lifecycle rules then act on the new state from the next commit on.
 */
public final class IssueCommands {

    /** Most issues one bulk change may name. */
    public static final int MAX_BULK = 1000;

    private final Store store;
    private final Clock clock;

    private IssueCommands(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Commands on {@code store}; {@code clock} stamps the changes. */
    public static IssueCommands create(Store store, Clock clock) {
        return new IssueCommands(store, clock);
    }

    /** Sets the status of issues of {@code project}; answers the ids that exist (others are skipped). */
    public List<String> setStatus(ProjectId project, Collection<String> issueIds, IssueStatusChange change) {
        if (issueIds.size() > MAX_BULK) {
            throw new IllegalArgumentException("at most " + MAX_BULK + " issues per change");
        }
        return store.write(tx -> tx.issues().setStatus(project, issueIds, change, clock.millis()));
    }

    /**
     * Merges {@code sourceIds} into {@code targetId} (counts and occurrences move; later events of the sources
     * go to the target). Answers the reason when the merge is refused; nothing changes then.
     */
    public Optional<String> merge(ProjectId project, String targetId, List<String> sourceIds) {
        if (sourceIds.size() > MAX_BULK) {
            return Optional.of("at most " + MAX_BULK + " issues per merge");
        }
        return store.write(tx -> tx.issues().merge(project, targetId, sourceIds, clock.millis()));
    }
}
