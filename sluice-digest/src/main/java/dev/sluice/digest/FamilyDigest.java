package dev.sluice.digest;

import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.store.WriteTx;
import java.util.List;

/**
 * The digest of one family of items (telemetry, tasks, jobs). Each family looks only at its own item types
 * and fills their slots in {@code outcomes[batch][item]}; all families run in the same transaction.
 */
interface FamilyDigest {

    void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes);
}
