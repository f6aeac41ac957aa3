package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Collection;
import java.util.List;

/**
 * Where a person's analytics events sit in the SQLite row store, which has no index on distinct id: the feed
 * positions ({@code feed_seq}, the primary key) of their events up to a mark, from a source that holds every
 * event up to that mark (the analytics replica). The row store scans only the rows above the mark itself, so
 * erasure stays exact however far the source lags. PostgreSQL keeps its person index and never asks.
 */
@FunctionalInterface
public interface EventLocator {

    /** Knows nothing: the row store scans every row (mark 0). */
    EventLocator NONE = (project, distinctIds) -> Located.NOTHING;

    /**
     * The positions of {@code project}'s events of these distinct ids at or below {@link Located#mark}. Every
     * such event the row store holds must be among them; positions of rows already gone are harmless.
     */
    Located people(ProjectId project, Collection<String> distinctIds);

    /**
     * Positions found, and the mark they are complete up to.
     *
     * @param mark every event at or below it was known to the source (0: none)
     * @param positions feed positions at or below the mark
     */
    record Located(long mark, List<Long> positions) {

        /** Nothing known. */
        public static final Located NOTHING = new Located(0, List.of());

        /** Copies {@code positions}. */
        public Located {
            positions = List.copyOf(positions);
        }
    }
}
