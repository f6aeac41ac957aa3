package dev.sluice.protocol;

import java.util.Optional;

/**
 * Background-job telemetry (TraceStax): task lifecycle events, worker heartbeats, queue snapshots, lineage
 * edges and thread dumps. Every job item belongs to one environment of its project, so test-key data never
 * mixes with live data.
 */
public sealed interface JobItem extends Item
        permits JobEventItem, WorkerHeartbeatItem, QueueSnapshotItem, LineageItem, ThreadDumpItem {

    /** Which key space the item was sent with. */
    JobEnv env();

    /** Job items are deduplicated by their natural keys in the digest, not by a client-given identity. */
    @Override
    default Optional<String> dedupeKey() {
        return Optional.empty();
    }
}
