package dev.sluice.digest;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Applies a group of accepted batches to one store transaction, family by family. The caller commits; the
 * outcomes are only true once it has.
 */
public final class BatchApplier {

    private final List<FamilyDigest> families;

    private BatchApplier(List<FamilyDigest> families) {
        this.families = families;
    }

    /** An applier using {@code clock} for bookkeeping times and {@code ids} for new rows. */
    public static BatchApplier create(Clock clock, Ids ids, PriceTable prices) {
        return create(clock, ids, prices, List.of());
    }

    /** As {@link #create(Clock, Ids, PriceTable)}, telling {@code observers} what each commit did to issues. */
    public static BatchApplier create(Clock clock, Ids ids, PriceTable prices, List<IssueObserver> observers) {
        IssueLifecycle lifecycle = new IssueLifecycle(clock, observers);
        return new BatchApplier(List.of(new TelemetryDigest(clock, ids, prices, lifecycle), new TaskDigest(clock, ids),
                new JobDigest(ids, lifecycle), new AnalyticsDigest(clock, ids), new LogDigest(ids),
                new MonitorDigest(clock, ids, Alerting.create(ids)), new SessionDigest(clock)));
    }

    /** Applies {@code batches} through {@code tx}; answers one outcome per batch, in order. */
    public List<BatchOutcome> apply(WriteTx tx, List<IngestBatch> batches) {
        ItemOutcome[][] outcomes = new ItemOutcome[batches.size()][];
        for (int b = 0; b < batches.size(); b++) {
            outcomes[b] = new ItemOutcome[batches.get(b).items().size()];
        }
        for (FamilyDigest family : families) {
            family.apply(tx, batches, outcomes);
        }
        List<BatchOutcome> out = new ArrayList<>(batches.size());
        for (int b = 0; b < batches.size(); b++) {
            if (Arrays.stream(outcomes[b]).anyMatch(Objects::isNull)) {
                throw new IllegalStateException("no digest handled an item of batch " + batches.get(b).requestId());
            }
            out.add(new BatchOutcome(batches.get(b).requestId(), Arrays.asList(outcomes[b])));
        }
        return out;
    }
}
