package dev.sluice.digest;

import dev.sluice.protocol.Ids;
import dev.sluice.protocol.JobItem;
import dev.sluice.protocol.LineageItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.QueueSnapshotItem;
import dev.sluice.protocol.ThreadDumpItem;
import dev.sluice.protocol.WorkerHeartbeatItem;
import dev.sluice.store.JobWrites;
import dev.sluice.store.LineageEdge;
import dev.sluice.store.QueueSnapshotRow;
import dev.sluice.store.ThreadDumpRow;
import dev.sluice.store.WorkerUpsert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job items that are not task events, collected over a commit and aggregated per key (one upsert may
 * not name a key twice): the latest heartbeat per worker, the first-known names of lineage edges.
 */
final class JobSideDigest {

    private final Ids ids;
    private final Map<List<Object>, WorkerUpsert> workers = new LinkedHashMap<>();
    private static final char SEP = '\u001f';

    private final List<QueueSnapshotRow> snapshots = new ArrayList<>();
    private final Set<List<Object>> snapshotKeys = new HashSet<>();
    private final Map<List<Object>, LineageEdge> edges = new LinkedHashMap<>();
    private final List<ThreadDumpRow> dumps = new ArrayList<>();

    JobSideDigest(Ids ids) {
        this.ids = ids;
    }

    void add(ProjectId project, JobItem item, Instant receivedAt) {
        long at = receivedAt.toEpochMilli();
        switch (item) {
            case WorkerHeartbeatItem h -> {
                // Liveness is judged on the server's clock: arrival time, not the worker's timestamp.
                WorkerUpsert w = new WorkerUpsert(project, h.env(), h.worker().key(), h.worker().hostname(),
                        h.worker().pid(), h.framework(), h.language(), h.sdkVersion(), h.worker().concurrency(),
                        queuesJson(h.worker().queues()), at, h.shutdown());
                workers.merge(List.of(project, h.env(), h.worker().key()), w,
                        (old, now) -> now.heartbeatAt() >= old.heartbeatAt() ? now : old);
            }
            case QueueSnapshotItem s -> {
                long occurred = Timestamps.occurredAt(s.timestamp(), receivedAt);
                for (QueueSnapshotItem.QueueDepth q : s.queues()) {
                    // Ruby batches snapshots into /v1/ingest, which SDKs resend whole: the same point again.
                    Optional<String> key = s.timestamp().map(t -> q.name() + SEP + s.workerKey().orElse("") + SEP
                            + (t.length() > 64 ? t.substring(0, 64) : t));
                    if (key.isPresent() && !snapshotKeys.add(List.of(project, s.env(), key.get()))) {
                        continue;
                    }
                    snapshots.add(new QueueSnapshotRow(ids.next(), project, s.env(), q.name(), s.workerKey(),
                            s.framework(), q.depth(), q.active(), q.failed(), q.throughputPerMin(),
                            q.latencySeconds(), occurred, at, key));
                }
            }
            case LineageItem l -> l.children().forEach(c -> edge(new LineageEdge(project, l.env(), l.parentId(),
                    c.id(), Optional.of(l.chainId()), Optional.of(c.taskName()), at)));
            case ThreadDumpItem d -> dumps.add(new ThreadDumpRow(ids.next(), project, d.env(), d.cmdId(),
                    d.workerKey(), d.language(), d.sdkVersion(), d.capturedAt(), d.dumpText(), at));
            default -> throw new IllegalStateException("not a side job item: " + item);
        }
    }

    void edge(LineageEdge e) {
        edges.merge(List.of(e.project(), e.env(), e.parentId(), e.childId()), e,
                (old, now) -> new LineageEdge(old.project(), old.env(), old.parentId(), old.childId(),
                        old.chainId().or(now::chainId), old.childName().or(now::childName),
                        Math.min(old.createdAt(), now.createdAt())));
    }

    void write(JobWrites jobs) {
        jobs.upsertWorkers(List.copyOf(workers.values()));
        jobs.insertSnapshots(snapshots);
        jobs.upsertLineage(List.copyOf(edges.values()));
        jobs.insertDumps(dumps);
    }

    private static String queuesJson(List<String> queues) {
        StringBuilder out = new StringBuilder("[");
        for (String q : queues) {
            out.append(out.length() > 1 ? "," : "").append(JsonText.quote(q));
        }
        return out.append(']').toString();
    }

}
