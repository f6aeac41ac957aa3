package dev.sluice.store;

/**
 * Transactions with span identity inside the {@link WriteTx} that reached them: each piece of a trace joins the
 * transaction holding its parent span, and takes in the fragments already waiting for one of its spans, so a
 * trace exported span by span ends up as one transaction whatever order its pieces arrive in.
 */
public interface TraceWrites {

    /**
     * Stores {@code row}: a fragment whose parent span is already stored (as a transaction's root or one of its
     * spans) is appended to that transaction; otherwise {@code row} is stored as its own. Either way, stored
     * fragments of the trace whose parent is now present move into it. Answers whether {@code row} was stored
     * as a transaction of its own.
     */
    boolean insert(TransactionRow row);

    /** A stored piece still waiting for its parent: its trace, to lock before {@link #orphan}. */
    record Waiting(String id, dev.sluice.protocol.ProjectId project, String traceId) {
    }

    /** Up to {@code limit} pieces still waiting that arrived before {@code receivedBefore}, oldest first. */
    java.util.List<Waiting> waiting(long receivedBefore, int limit);

    /**
     * Makes the waiting piece {@code id} a transaction of its own at {@code nowMillis}: a root that arrives later
     * no longer takes it in (pieces below it still join it). Answers the piece (without its spans) when it was
     * still waiting, nothing when it was taken in or orphaned meanwhile. Lock its trace first.
     */
    java.util.Optional<TransactionRow> orphan(String id, long nowMillis);
}
