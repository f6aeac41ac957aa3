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

    /** Replica positions read per query. */
    private static final int PAGE = 50_000;

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
            // Oldest first: the first page holding a live row answers (pages past it are younger).
            long[] last = null;
            while (true) {
                List<long[]> page = ReplicaOrder.oldest(r, Optional.empty(), m.position(), last, 1_000);
                if (!r.stable(m)) {
                    return Optional.empty();
                }
                if (page.isEmpty()) {
                    return Optional.of(tail);
                }
                OptionalLong live = RowChecks.minAt(store, page.stream().mapToLong(p -> p[1]).toArray());
                if (live.isPresent()) {
                    return Optional.of(OptionalLong.of(tail.isPresent()
                            ? Math.min(tail.getAsLong(), live.getAsLong()) : live.getAsLong()));
                }
                last = page.getLast();
            }
        });
    }

    /**
     * One past the occurrence of {@code project}'s {@code n}-th oldest event (the size cap's cutoff); inner
     * empty when it has fewer. Costs a replica page and a primary-key probe per 50,000 rows up to the n-th.
     */
    public Optional<OptionalLong> nthOldest(ProjectId project, long n) {
        return marked((r, m) -> {
            long[] tail = RowChecks.timesAbove(store, project, m.position());
            int t = 0;
            long seen = 0;
            long[] last = null;
            while (true) {
                List<long[]> page = ReplicaOrder.oldest(r, Optional.of(project.value()), m.position(), last, PAGE);
                if (!r.stable(m)) {
                    return Optional.empty();
                }
                if (page.isEmpty()) {
                    break;
                }
                Set<Long> live = RowChecks.liveAt(store, project, page.stream().mapToLong(p -> p[1]).toArray());
                for (long[] row : page) {
                    if (!live.contains(row[1])) {
                        continue;
                    }
                    while (t < tail.length && tail[t] <= row[0]) {
                        if (++seen == n) {
                            return Optional.of(OptionalLong.of(tail[t] + 1));
                        }
                        t++;
                    }
                    if (++seen == n) {
                        return Optional.of(OptionalLong.of(row[0] + 1));
                    }
                }
                last = page.getLast();
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
