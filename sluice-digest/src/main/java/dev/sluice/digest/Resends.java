package dev.sluice.digest;

import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.CheckInItem;
import dev.sluice.protocol.ClientReportItem;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.LogItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.SessionAggregateItem;
import dev.sluice.store.WriteTx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exact dedupe of resent envelope items that are not events: attachments, check-ins, client reports, session
 * aggregates and log records that carry a resend key (the Sentry adapter gives them one). Their keys are claimed
 * in {@code dedupe_keys} inside the commit that stores the items, so a resend after a crash between the commit
 * and the reply still finds them. A duplicate gets its outcome here, before the families run; they skip items
 * that already have one. Items of one request may share a key (the records of one log item): it stands for
 * them together. Batches without such keys (every plain event envelope) cost one type check per item.
 */
final class Resends {

    private Resends() {
    }

    static boolean keyed(Item item) {
        return (item instanceof AttachmentItem || item instanceof CheckInItem || item instanceof ClientReportItem
                || item instanceof SessionAggregateItem || item instanceof LogItem) && item.dedupeKey().isPresent();
    }

    /** Marks every keyed item whose key an earlier commit (or an earlier batch of this run) claimed. */
    static void mark(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes, long now) {
        Map<ProjectId, Set<String>> wanted = new LinkedHashMap<>();
        for (IngestBatch batch : batches) {
            for (Item item : batch.items()) {
                if (keyed(item)) {
                    wanted.computeIfAbsent(batch.project(), p -> new LinkedHashSet<>()).add(key(item));
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<ProjectId, Set<String>> fresh = new LinkedHashMap<>();
        wanted.forEach((project, keys) -> fresh.put(project, new HashSet<>(tx.claimDedupeKeys(project, keys, now))));
        // A fresh key belongs to the first batch (request) holding it: all of that batch's items with the key are
        // applied (the records of one log item share their item's key), a copy in a later batch of the run is not.
        Map<ProjectId, Map<String, Integer>> owners = new LinkedHashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            Set<String> freshKeys = fresh.getOrDefault(batch.project(), Set.of());
            Map<String, Integer> owner = owners.computeIfAbsent(batch.project(), p -> new HashMap<>());
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (!keyed(item)) {
                    continue;
                }
                String key = key(item);
                int batchIndex = b;
                boolean applied = freshKeys.contains(key) && owner.computeIfAbsent(key, k -> batchIndex) == batchIndex;
                if (!applied) {
                    outcomes[b][i] = ItemOutcome.DUPLICATE;
                }
            }
        }
    }

    /** Namespaced apart from the event families' keys ({@code error:}, {@code transaction:}, …). */
    private static String key(Item item) {
        return "resend:" + item.dedupeKey().orElseThrow();
    }
}
