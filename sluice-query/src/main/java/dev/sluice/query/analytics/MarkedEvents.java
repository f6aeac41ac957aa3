package dev.sluice.query.analytics;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.store.Dialect;
import dev.sluice.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads of SQLite's {@code analytics_events} that lost their index in V230 (time, person), answered exactly
 * without a table scan: this node's replica names candidate feed positions up to its mark (every row-store
 * event at or below the mark is in the replica), the row store re-checks each candidate by primary key (the
 * replica may still hold rows the row store already erased or purged: those count for nothing), and the rows
 * above the mark, which the replica has not read yet, are read by primary-key range. Each answer is empty when
 * the replica cannot give one (none here, PostgreSQL, a rebuild in progress or started meanwhile, a replica
 * error): the caller then asks the row store alone, as before V230 (a scan).
 */
public final class MarkedEvents {

    /** Replica positions read per query (at most: two longs each in the heap). */
    private static final int PAGE = 500_000;
    /**
     * Probing one position by primary key costs about as much as scanning this many rows (measured on a 2M-event
     * store, BENCHMARKS.md, branch rowidx2): past {@code rows / PROBE_COST} candidates the scan is cheaper, and
     * the answer is left to it.
     */
    private static final int PROBE_COST = 4;

    private final Store store;
    private final Optional<AnalyticsReplica> replica;

    private MarkedEvents(Store store, Optional<AnalyticsReplica> replica) {
        this.store = store;
        this.replica = replica;
    }

    /** Over {@code store}, helped by {@code replica} when there is one (this node's, open). */
    public static MarkedEvents create(Store store, Optional<AnalyticsReplica> replica) {
        return new MarkedEvents(store, replica);
    }

    /** How many of {@code project}'s events occurred before {@code cutoffMillis} (the retention dry run). */
    public Optional<Long> countBefore(ProjectId project, long cutoffMillis) {
        return marked((r, m) -> {
            long[] counts = ReplicaOrder.counts(r, project.value(), cutoffMillis, m.position());
            if (counts[1] * PROBE_COST > counts[0]) {
                return Optional.empty();
            }
            long n = 0;
            long after = 0;
            while (true) {
                long[] page = r.olderThan(project.value(), cutoffMillis, after, m, PAGE);
                if (!r.stable(m)) {
                    return Optional.empty();
                }
                if (page.length == 0) {
                    break;
                }
                n += RowChecks.countAt(store, project, cutoffMillis, page);
                after = page[page.length - 1];
            }
            return Optional.of(n + RowChecks.countAbove(store, project, cutoffMillis, m.position()));
        });
    }

    /** When the oldest analytics event of any project occurred (the oldest-row gauge); inner empty: none. */
    public Optional<OptionalLong> oldest() {
        return marked((r, m) -> {
            OptionalLong tail = RowChecks.minAbove(store, m.position());
            // Oldest first: the first page holding a live row answers (pages past it are younger). Stale rows (gone
            // from the row store, not yet from the replica) are the only reason to read a second page.
            long afterTs = -1;
            long afterPos = -1;
            for (int limit = 1_000; ; limit = Math.min(PAGE, limit * 8)) {
                ReplicaOrder.Page page = ReplicaOrder.oldest(r, Optional.empty(), m.position(), afterTs, afterPos, limit);
                if (!r.stable(m)) {
                    return Optional.empty();
                }
                if (page.size() == 0) {
                    return Optional.of(tail);
                }
                OptionalLong live = RowChecks.minAt(store, page.pos());
                if (live.isPresent()) {
                    return Optional.of(OptionalLong.of(tail.isPresent()
                            ? Math.min(tail.getAsLong(), live.getAsLong()) : live.getAsLong()));
                }
                afterTs = page.ts()[page.size() - 1];
                afterPos = page.pos()[page.size() - 1];
            }
        });
    }

    /**
     * One past the occurrence of {@code project}'s {@code n}-th oldest event (the size cap's cutoff); inner
     * empty when it has fewer. Costs a columnar pass and a primary-key probe per row up to the n-th (a scan when that is dearer).
     */
    public Optional<OptionalLong> nthOldest(ProjectId project, long n) {
        return marked((r, m) -> {
            long[] counts = ReplicaOrder.counts(r, project.value(), Long.MAX_VALUE, m.position());
            if (n * PROBE_COST > counts[0]) {
                return Optional.empty();
            }
            long[] tail = RowChecks.timesAbove(store, project, m.position());
            int t = 0;
            long seen = 0;
            long afterTs = -1;
            long afterPos = -1;
            // The first page asks for the n oldest and a little more (stale rows may be among them).
            int limit = (int) Math.min(PAGE, n + n / 8 + 1_000);
            while (true) {
                ReplicaOrder.Page page = ReplicaOrder.oldest(r, Optional.of(project.value()), m.position(), afterTs,
                        afterPos, limit);
                if (!r.stable(m)) {
                    return Optional.empty();
                }
                if (page.size() == 0) {
                    break;
                }
                Set<Long> live = RowChecks.liveAt(store, project, page.pos());
                for (int k = 0; k < page.size(); k++) {
                    if (!live.contains(page.pos()[k])) {
                        continue;
                    }
                    long ts = page.ts()[k];
                    while (t < tail.length && tail[t] <= ts) {
                        if (++seen == n) {
                            return Optional.of(OptionalLong.of(tail[t] + 1));
                        }
                        t++;
                    }
                    if (++seen == n) {
                        return Optional.of(OptionalLong.of(ts + 1));
                    }
                }
                afterTs = page.ts()[page.size() - 1];
                afterPos = page.pos()[page.size() - 1];
            }
            for (; t < tail.length; t++) {
                if (++seen == n) {
                    return Optional.of(OptionalLong.of(tail[t] + 1));
                }
            }
            return Optional.of(OptionalLong.empty());
        });
    }

    /**
     * The newest {@code limit} events of {@code project} of these distinct ids, newest first, ties by event id
     * descending (the profile page's event list).
     */
    public Optional<List<EventView>> newest(ProjectId project, Set<String> distinctIds, int limit) {
        if (distinctIds.isEmpty()) {
            return Optional.of(List.of());
        }
        return marked((r, m) -> {
            List<EventView> out = new ArrayList<>(RowChecks.personAbove(store, project, distinctIds, m.position()));
            int live = 0;
            ReplicaOrder.Newer last = null;
            while (live < limit) {
                List<ReplicaOrder.Newer> page = ReplicaOrder.newest(r, project.value(), distinctIds, m.position(),
                        last, limit);
                if (!r.stable(m)) {
                    return Optional.empty();
                }
                List<EventView> found = RowChecks.personAt(store, project,
                        page.stream().mapToLong(ReplicaOrder.Newer::pos).toArray());
                out.addAll(found);
                live += found.size();
                if (page.size() < limit) {
                    break;
                }
                last = page.getLast();
            }
            out.sort(NEWEST_FIRST);
            return Optional.of(List.copyOf(out.subList(0, Math.min(limit, out.size()))));
        });
    }

    /** Newest first, ties by event id in code-point order descending (the order both row stores sort in). */
    static final Comparator<EventView> NEWEST_FIRST = Comparator.comparingLong(EventView::occurredAt)
            .thenComparing(EventView::eventId, MarkedEvents::codePoints).reversed();

    private static int codePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    @FunctionalInterface
    private interface Work<T> {
        Optional<T> run(AnalyticsReplica replica, AnalyticsReplica.Mark mark);
    }

    /** Runs {@code work} when the replica can answer (SQLite, a mark above 0); empty otherwise or on its errors. */
    private <T> Optional<T> marked(Work<T> work) {
        if (replica.isEmpty() || store.dialect() != Dialect.SQLITE) {
            return Optional.empty();
        }
        AnalyticsReplica r = replica.get();
        AnalyticsReplica.Mark m = r.mark();
        if (m.position() <= 0) {
            return Optional.empty();
        }
        try {
            return work.run(r, m);
        } catch (dev.sluice.store.StoreException e) {
            // A replica that fails (closed, over its memory cap) makes the row store answer alone: slower, not wrong.
            if (e.getMessage() != null && e.getMessage().startsWith("analytics replica")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
