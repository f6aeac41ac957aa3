package dev.sluice.digest;

import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.JobEventItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.JobWrites;
import dev.sluice.store.WriteTx;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monthly job-event quota of metered batches, decided inside the commit: a metered batch is refused whole
 * when its month's usage, as this transaction sees it, has reached the project's quota (the rule TraceStax
 * answers 402 {@code monthly_limit_reached} by). The quota keys of every metered project are locked first, so
 * the decision is the single writer's even with several nodes on one database: no two batches both spend the
 * last unit, and what was admitted is what the usage counts.
 *
 * <p>When the live task events of all metered batches of a project fit below its quota, every one of them is
 * admitted without another look (the common case, applied as one group); otherwise each is decided after the
 * batches before it were applied, against the usage they left.
 */
final class MonthlyQuota {

    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    /** The refusal of a batch over its quota, in the words TraceStax answers with. */
    static final ItemOutcome.Rejected REACHED = new ItemOutcome.Rejected(402, "monthly_limit_reached",
            "the monthly event quota is used up");

    private record Month(ProjectId project, String month) {
    }

    private final WriteTx tx;
    private final Set<Month> roomForAll;

    private MonthlyQuota(WriteTx tx, Set<Month> roomForAll) {
        this.tx = tx;
        this.roomForAll = roomForAll;
    }

    /** Locks and reads the quotas the metered batches of {@code batches} spend. */
    static MonthlyQuota open(WriteTx tx, List<IngestBatch> batches) {
        Map<Month, Long> spend = new HashMap<>();
        for (IngestBatch batch : batches) {
            if (batch.metered()) {
                spend.merge(month(batch), liveEvents(batch), Long::sum);
            }
        }
        if (spend.isEmpty()) {
            return new MonthlyQuota(tx, Set.of());
        }
        Set<String> keys = new LinkedHashSet<>();
        spend.keySet().forEach(m -> keys.add(JobWrites.quotaLock(m.project())));
        tx.lock(keys);
        JobWrites jobs = tx.jobs();
        Set<Month> room = new java.util.HashSet<>();
        spend.forEach((m, events) -> {
            JobWrites.Quota q = jobs.quota(m.project(), m.month());
            if (q.used() + events < q.limit()) {
                room.add(m);
            }
        });
        return new MonthlyQuota(tx, room);
    }

    /** Whether {@code batch} must be decided on its own, after the batches before it were applied. */
    boolean decidesAlone(IngestBatch batch) {
        return batch.metered() && !roomForAll.contains(month(batch));
    }

    /** Whether {@code batch} (deciding alone) is refused: its month's usage has reached the quota. */
    boolean reached(IngestBatch batch) {
        Month m = month(batch);
        return tx.jobs().quota(m.project(), m.month()).reached();
    }

    /** The usage counts live task events in the month the batch was received (as {@link JobDigest} does). */
    private static Month month(IngestBatch batch) {
        return new Month(batch.project(), MONTH.format(batch.receivedAt()));
    }

    private static long liveEvents(IngestBatch batch) {
        long n = 0;
        for (Item item : batch.items()) {
            if (item instanceof JobEventItem e && e.env() == JobEnv.LIVE) {
                n++;
            }
        }
        return n;
    }
}
