package dev.sluice.digest;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.ErasureItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.store.EventLocator;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a group of accepted batches to one store transaction, family by family. The caller commits; the
 * outcomes are only true once it has.
 *
 * <p>Families take the whole group at once, so within it they see every batch's items together. Two kinds of
 * batch need the ones queued before them applied first, and are applied on their own after them: an erasure
 * (it removes the person's events committed before it, and only those) and a metered batch whose quota is
 * close (it is admitted or refused against the usage the batches before it left; see {@link MonthlyQuota}).
 */
public final class BatchApplier {

    private final Clock clock;
    private final List<FamilyDigest> families;

    private BatchApplier(Clock clock, List<FamilyDigest> families) {
        this.clock = clock;
        this.families = families;
    }

    /** An applier using {@code clock} for bookkeeping times and {@code ids} for new rows. */
    public static BatchApplier create(Clock clock, Ids ids, PriceTable prices) {
        return create(clock, ids, prices, List.of());
    }

    /** As {@link #create(Clock, Ids, PriceTable)}, telling {@code observers} what each commit did to issues. */
    public static BatchApplier create(Clock clock, Ids ids, PriceTable prices, List<IssueObserver> observers) {
        return create(clock, ids, prices, observers, EventLocator.NONE);
    }

    /**
     * As {@link #create(Clock, Ids, PriceTable, List)}, erasures finding a person's SQLite rows through
     * {@code locator} (the analytics replica) instead of scanning the whole event table.
     */
    public static BatchApplier create(Clock clock, Ids ids, PriceTable prices, List<IssueObserver> observers,
                                      EventLocator locator) {
        IssueLifecycle lifecycle = new IssueLifecycle(clock, observers);
        return new BatchApplier(clock, List.of(new TelemetryDigest(clock, ids, prices, lifecycle), new TaskDigest(clock, ids),
                new JobDigest(ids, lifecycle), new AnalyticsDigest(clock, ids, locator), new LogDigest(ids),
                new MonitorDigest(clock, ids, Alerting.create(ids)), new SessionDigest(clock)));
    }

    /** Applies {@code batches} through {@code tx}; answers one outcome per batch, in order. */
    public List<BatchOutcome> apply(WriteTx tx, List<IngestBatch> batches) {
        ItemOutcome[][] outcomes = new ItemOutcome[batches.size()][];
        for (int b = 0; b < batches.size(); b++) {
            outcomes[b] = new ItemOutcome[batches.get(b).items().size()];
        }
        MonthlyQuota quota = MonthlyQuota.open(tx, batches);
        List<Optional<ItemOutcome.Rejected>> refused = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            refused.add(Optional.empty());
            boolean metered = quota.decidesAlone(batch);
            if (!metered && batch.items().stream().noneMatch(ErasureItem.class::isInstance)) {
                run.add(b);
                continue;
            }
            applyRun(tx, batches, outcomes, run);
            run.clear();
            if (metered && quota.reached(batch)) {
                Arrays.fill(outcomes[b], MonthlyQuota.REACHED);
                refused.set(b, Optional.of(MonthlyQuota.REACHED));
            } else {
                applyRun(tx, batches, outcomes, List.of(b));
            }
        }
        applyRun(tx, batches, outcomes, run);
        List<BatchOutcome> out = new ArrayList<>(batches.size());
        for (int b = 0; b < batches.size(); b++) {
            if (Arrays.stream(outcomes[b]).anyMatch(Objects::isNull)) {
                throw new IllegalStateException("no digest handled an item of batch " + batches.get(b).requestId());
            }
            out.add(new BatchOutcome(batches.get(b).requestId(), Arrays.asList(outcomes[b]), refused.get(b)));
        }
        return out;
    }

    /** Applies the batches at {@code indexes} (in order) together, each family once. */
    private void applyRun(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes, List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return;
        }
        List<IngestBatch> run = indexes.stream().map(batches::get).toList();
        ItemOutcome[][] slots = indexes.stream().map(b -> outcomes[b]).toArray(ItemOutcome[][]::new);
        // Resent non-event items are marked duplicate first; the families skip items that have an outcome.
        Resends.mark(tx, run, slots, clock.millis());
        for (FamilyDigest family : families) {
            family.apply(tx, run, slots);
        }
    }
}
