package dev.sluice.digest;

import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.LogItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AttachmentWrites;
import dev.sluice.store.AttachmentRow;
import dev.sluice.store.LogRow;
import dev.sluice.store.WriteTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log records and event attachments: stored as sent, one row each, in the batch's transaction. An attachment
 * that would take its project over its attachment quota is dropped, decided here inside the commit (the single
 * writer, so concurrent envelopes cannot both take the last bytes): its outcome is a 429-style rejection for
 * category {@code attachment}, which the Sentry edge answers with {@code X-Sentry-Rate-Limits} while the event
 * itself is stored, and its bytes are counted like a client report ({@code rate_limited}, {@code attachment}).
 */
final class LogDigest implements FamilyDigest {

    /** Sentry's data category and outcome reason for a dropped attachment (its quantity is in bytes). */
    static final String CATEGORY = "attachment";
    static final String DROP_REASON = "rate_limited";
    private static final long DAY_MILLIS = 86_400_000L;

    private final Ids ids;

    LogDigest(Ids ids) {
        this.ids = ids;
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        List<LogRow> rows = new ArrayList<>();
        List<AttachmentRow> attachments = new ArrayList<>();
        Map<ProjectId, AttachmentWrites.Quota> quotas = new HashMap<>();
        // Nodes sharing PostgreSQL take a project's quota one at a time (its row may not exist yet to lock).
        java.util.TreeSet<String> locks = new java.util.TreeSet<>();
        batches.forEach(b -> b.items().stream().filter(AttachmentItem.class::isInstance).findAny()
                .ifPresent(a -> locks.add("attachment-quota:" + b.project().value())));
        if (!locks.isEmpty()) {
            tx.lock(locks);
        }
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (outcomes[b][i] != null) {
                    continue; // a resent copy (Resends)
                }
                if (item instanceof LogItem log) {
                    rows.add(new LogRow(ids.next(), batch.project(),
                            Timestamps.occurredAt(log.timestamp(), batch.receivedAt()),
                            batch.receivedAt().toEpochMilli(), log));
                    outcomes[b][i] = ItemOutcome.STORED;
                } else if (item instanceof AttachmentItem a) {
                    outcomes[b][i] = attachment(tx, quotas, batch, a, attachments);
                }
            }
        }
        tx.insertLogs(rows);
        tx.attachments().insert(attachments);
    }

    private ItemOutcome attachment(WriteTx tx, Map<ProjectId, AttachmentWrites.Quota> quotas, IngestBatch batch,
                                   AttachmentItem a, List<AttachmentRow> rows) {
        long size = a.data().length;
        AttachmentWrites.Quota q = quotas.computeIfAbsent(batch.project(), p -> tx.attachments().quota(p));
        long at = batch.receivedAt().toEpochMilli();
        if (q.over(size)) {
            tx.sessions().addDiscarded(batch.project(), at - Math.floorMod(at, DAY_MILLIS), DROP_REASON, CATEGORY, size);
            return new ItemOutcome.Rejected(429, CATEGORY, "the project's attachment quota (" + q.maxBytes()
                    + " bytes) is used up");
        }
        quotas.put(batch.project(), new AttachmentWrites.Quota(q.maxBytes(), q.usedBytes() + size));
        rows.add(new AttachmentRow(ids.next(), batch.project(), at, a));
        return ItemOutcome.STORED;
    }
}
