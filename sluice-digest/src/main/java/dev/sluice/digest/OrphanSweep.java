package dev.sluice.digest;

import dev.sluice.store.TraceWrites;
import dev.sluice.store.TransactionRow;
import dev.sluice.store.WriteTx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Pieces of OTel traces whose root never arrived. A piece exported apart from its root (OTel's
 * {@code SimpleSpanProcessor}, or a root lost on the way) waits as a transaction of its own and stays out of
 * the duration histograms, because joining its root would make it part of another transaction. After the join
 * window it stops waiting: it stays a transaction of its own, as Sentry shows an orphan segment, is counted in
 * the histograms exactly once, and a root arriving later is a separate transaction (counted once itself) that
 * does not take it in — so the histograms always count the transactions the list shows.
 */
public final class OrphanSweep {

    /** The default join window: long enough for a slow batch exporter, short enough for the charts. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** The most pieces one sweep (one transaction) orphans. */
    public static final int BATCH_SIZE = 1000;

    private final Duration window;

    private OrphanSweep(Duration window) {
        this.window = window;
    }

    /** A sweep orphaning pieces that waited longer than {@code window}. */
    public static OrphanSweep create(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the trace join window must not be negative");
        }
        return new OrphanSweep(window);
    }

    /** Orphans up to {@link #BATCH_SIZE} pieces at {@code nowMillis} inside {@code tx}; answers how many. */
    public int run(WriteTx tx, long nowMillis) {
        TraceWrites traces = tx.traces();
        List<TraceWrites.Waiting> due = traces.waiting(nowMillis - window.toMillis(), BATCH_SIZE);
        if (due.isEmpty()) {
            return 0;
        }
        // The same trace locks the digest takes before joining pieces (PostgreSQL nodes), in a fixed order: a
        // piece is either joined by a commit or orphaned here, never both.
        TreeSet<String> locks = new TreeSet<>();
        due.forEach(w -> locks.add("trace:" + w.project().value() + ":" + w.traceId()));
        tx.lock(locks);
        List<TransactionRow> orphaned = new ArrayList<>();
        for (TraceWrites.Waiting w : due) {
            traces.orphan(w.id(), nowMillis).ifPresent(orphaned::add);
        }
        tx.addTransactionHistograms(TransactionHistograms.of(orphaned));
        return orphaned.size();
    }
}
