package dev.sluice.digest;

import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.LogItem;
import dev.sluice.store.AttachmentRow;
import dev.sluice.store.LogRow;
import dev.sluice.store.WriteTx;
import java.util.ArrayList;
import java.util.List;

/** Log records and event attachments: stored as sent, one row each, in the batch's transaction. */
final class LogDigest implements FamilyDigest {

    private final Ids ids;

    LogDigest(Ids ids) {
        this.ids = ids;
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        List<LogRow> rows = new ArrayList<>();
        List<AttachmentRow> attachments = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (item instanceof LogItem log) {
                    rows.add(new LogRow(ids.next(), batch.project(),
                            Timestamps.occurredAt(log.timestamp(), batch.receivedAt()),
                            batch.receivedAt().toEpochMilli(), log));
                    outcomes[b][i] = ItemOutcome.STORED;
                } else if (item instanceof AttachmentItem a) {
                    attachments.add(new AttachmentRow(ids.next(), batch.project(), batch.receivedAt().toEpochMilli(),
                            a));
                    outcomes[b][i] = ItemOutcome.STORED;
                }
            }
        }
        tx.insertLogs(rows);
        tx.insertAttachments(attachments);
    }
}
