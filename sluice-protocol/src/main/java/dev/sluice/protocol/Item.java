package dev.sluice.protocol;

import java.util.Optional;

/**
 * One canonical telemetry item, independent of the wire protocol it arrived on.
 *
 * <p>{@link #dedupeKey()} is present when the client gave the item an identity (an event id, or a
 * protocol-defined natural key); the digest stores such an item at most once per project.
 */
public sealed interface Item permits ErrorItem, TransactionItem, GenerationItem, TaskItem, JobItem,
        AnalyticsEventItem, IdentifyItem, LogItem, CheckInItem, SessionItem, SessionAggregateItem,
        ClientReportItem, AttachmentItem, ErasureItem {

    /** A client-provided identity used for exact dedupe of retries, when the item has one. */
    Optional<String> dedupeKey();

    /** The client's timestamp text, as sent; not format-checked by every protocol. */
    Optional<String> timestamp();
}
