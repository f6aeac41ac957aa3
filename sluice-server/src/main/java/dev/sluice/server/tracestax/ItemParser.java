package dev.sluice.server.tracestax;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.JobError;
import dev.sluice.protocol.JobEventItem;
import dev.sluice.protocol.LineageItem;
import dev.sluice.protocol.QueueSnapshotItem;
import dev.sluice.protocol.ThreadDumpItem;
import dev.sluice.protocol.WorkerHeartbeatItem;
import dev.sluice.protocol.WorkerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** One TraceStax payload object → one canonical job item (spec §5–§8), liberally. */
final class ItemParser {

    static final int MAX_CHILDREN = 500;
    static final int MAX_QUEUES = 100;
    private static final int MAX_MESSAGE = 8_192;
    private static final int MAX_STACK = 65_536;
    private static final int MAX_STATUS = 64;

    private ItemParser() {
    }

    static JobEventItem taskEvent(JsonNode o, JobEnv env) throws Invalid {
        JsonNode task = Fields.object(o, "task").orElseThrow(() -> Invalid.schema("task is required"));
        String status = Fields.name(o, "status").orElseThrow(() -> Invalid.schema("status is required"));
        if (status.length() > MAX_STATUS) {
            throw Invalid.schema("status is longer than " + MAX_STATUS + " characters");
        }
        Optional<JsonNode> metrics = Fields.object(o, "metrics");
        OptionalDouble duration = metrics.isPresent() ? Fields.number(metrics.get(), "duration_ms") : OptionalDouble.empty();
        OptionalDouble queued = metrics.isPresent() ? Fields.number(metrics.get(), "queued_ms") : OptionalDouble.empty();
        Optional<JobError> jobError = Optional.empty();
        if (o.path("error").isTextual()) {
            // Not a documented shape, but a plain message is still an error worth keeping.
            jobError = Optional.of(new JobError("Error", Optional.of(Fields.cut(o.get("error").textValue(), MAX_MESSAGE)),
                    Optional.empty()));
        }
        Optional<JsonNode> error = jobError.isPresent() ? Optional.empty() : Fields.object(o, "error");
        if (error.isPresent()) {
            JsonNode e = error.get();
            jobError = Optional.of(new JobError(Fields.name(e, "type").orElse("Error"),
                    Fields.scalar(e, "message").map(s -> Fields.cut(s, MAX_MESSAGE)),
                    Fields.scalar(e, "stack_trace").map(s -> Fields.cut(s, MAX_STACK))));
        }
        return new JobEventItem(env, Fields.name(o, "framework").orElse("generic"),
                Fields.name(o, "language").orElse("unknown"), Fields.name(o, "sdk_version").orElse(""),
                worker(Fields.object(o, "worker")), Fields.name(task, "name").orElse("unknown"), Fields.id(task, "id"),
                Fields.name(task, "queue").map(s -> Fields.cut(s, Fields.MAX_ID)).orElse("default"),
                Fields.count(task, "attempt").orElse(1), Fields.optionalId(task, "parent_id"),
                Fields.optionalId(task, "chain_id"), status, duration, queued, jobError);
    }

    /** WorkerInfo; a task event without one is still accepted (worker {@code unknown}). */
    private static WorkerInfo worker(Optional<JsonNode> w) throws Invalid {
        if (w.isEmpty()) {
            return new WorkerInfo("unknown", "", "", java.util.OptionalInt.empty(), List.of());
        }
        JsonNode n = w.get();
        return new WorkerInfo(Fields.optionalId(n, "key").orElse("unknown"), Fields.name(n, "hostname").orElse(""),
                Fields.name(n, "pid").orElse(""), Fields.count(n, "concurrency"),
                Fields.strings(n, "queues", MAX_QUEUES));
    }

    static WorkerHeartbeatItem heartbeat(JsonNode o, JobEnv env) throws Invalid {
        JsonNode w = Fields.object(o, "worker").orElseThrow(() -> Invalid.schema("worker is required"));
        Fields.id(w, "key");
        return new WorkerHeartbeatItem(env, Fields.name(o, "framework").orElse("generic"), Fields.name(o, "language"),
                Fields.name(o, "sdk_version"), worker(Optional.of(w)), Fields.name(o, "timestamp"),
                Fields.flag(o, "shutdown"));
    }

    /** Nested ({@code queues[]}) or flat ({@code queue_name}); the Sidekiq add-on's flat form sends latency. */
    static QueueSnapshotItem snapshot(JsonNode o, JobEnv env) throws Invalid {
        String framework = Fields.name(o, "framework").orElse("generic");
        List<QueueSnapshotItem.QueueDepth> queues = new ArrayList<>();
        JsonNode nested = o.get("queues");
        if (!Fields.absent(nested)) {
            if (!nested.isArray()) {
                throw Invalid.schema("queues must be an array");
            }
            if (nested.size() > MAX_QUEUES * 10) {
                throw Invalid.schema("too many queues");
            }
            for (JsonNode q : nested) {
                if (!q.isObject()) {
                    throw Invalid.schema("queues[] items must be objects");
                }
                queues.add(new QueueSnapshotItem.QueueDepth(Fields.id(q, "name"), Fields.longCount(q, "depth"),
                        Fields.longCount(q, "active"), Fields.longCount(q, "failed"),
                        Fields.number(q, "throughput_per_min"), OptionalDouble.empty()));
            }
        } else if (!Fields.absent(o.get("queue_name"))) {
            boolean sidekiq = framework.equals("sidekiq") && Fields.absent(o.get("active_count"))
                    && Fields.absent(o.get("failed_count"));
            OptionalDouble third = Fields.number(o, "throughput_per_min");
            queues.add(new QueueSnapshotItem.QueueDepth(Fields.id(o, "queue_name"), Fields.longCount(o, "depth"),
                    Fields.longCount(o, "active_count"), Fields.longCount(o, "failed_count"),
                    sidekiq ? OptionalDouble.empty() : third, sidekiq ? third : OptionalDouble.empty()));
        } else {
            throw Invalid.schema("a snapshot needs queues[] or queue_name");
        }
        return new QueueSnapshotItem(env, framework, Fields.optionalId(o, "worker_key"), queues,
                Fields.name(o, "timestamp"));
    }

    static LineageItem lineage(JsonNode o, JobEnv env) throws Invalid {
        String parent = Fields.id(o, "parent_id");
        String chain = Fields.id(o, "chain_id");
        JsonNode children = o.get("children");
        if (Fields.absent(children) || !children.isArray() || children.isEmpty()
                || children.size() > MAX_CHILDREN) {
            throw Invalid.schema("children must be an array of 1-" + MAX_CHILDREN + " items");
        }
        List<LineageItem.Child> out = new ArrayList<>();
        for (JsonNode c : children) {
            if (!c.isObject()) {
                throw Invalid.schema("children[] items must be objects");
            }
            out.add(new LineageItem.Child(Fields.id(c, "id"), Fields.name(c, "task_name").orElse("unknown")));
        }
        return new LineageItem(env, parent, chain, out);
    }

    static ThreadDumpItem dump(JsonNode o, JobEnv env) throws Invalid {
        JsonNode text = o.get("dump_text");
        if (Fields.absent(text) || !text.isTextual()) {
            throw Invalid.schema("dump_text must be a string");
        }
        return new ThreadDumpItem(env, Fields.optionalId(o, "cmd_id").orElse(""), Fields.id(o, "worker_key"),
                text.textValue(), Fields.name(o, "language"), Fields.name(o, "sdk_version"),
                Fields.name(o, "captured_at"));
    }
}
