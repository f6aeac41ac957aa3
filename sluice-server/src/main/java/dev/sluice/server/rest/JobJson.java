package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.query.JobEventView;
import dev.sluice.query.JobGraphQueries;
import dev.sluice.query.JobRunView;
import dev.sluice.query.TaskStats;
import dev.sluice.query.WorkerQueries;
import dev.sluice.query.WorkerView;
import dev.sluice.server.http.Json;
import dev.sluice.store.JobSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** JSON renderings of the job read models (camelCase, ISO-8601 times, absent values left out). */
final class JobJson {

    private JobJson() {
    }

    static String time(long millis) {
        return Json.time(millis);
    }

    private static void put(ObjectNode o, String name, Optional<String> v) {
        v.ifPresent(s -> o.put(name, s));
    }

    /** Durations in ms, to the microsecond. */
    private static void put(ObjectNode o, String name, OptionalDouble v) {
        v.ifPresent(d -> o.put(name, Json.decimal(d, 3)));
    }

    /** Rates and ratios, to 4 significant digits. */
    private static void putMeasured(ObjectNode o, String name, OptionalDouble v) {
        v.ifPresent(d -> o.put(name, Json.measured(d)));
    }

    private static void putTime(ObjectNode o, String name, OptionalLong v) {
        v.ifPresent(t -> o.put(name, time(t)));
    }

    static ObjectNode run(JobRunView r) {
        ObjectNode o = Json.object().put("taskId", r.taskId()).put("taskName", r.taskName()).put("queue", r.queue())
                .put("status", r.status()).put("attempts", r.attempts()).put("framework", r.framework())
                .put("language", r.language()).put("workerKey", r.workerKey())
                .put("firstSeen", time(r.firstSeen())).put("lastSeen", time(r.lastSeen()));
        putTime(o, "startedAt", r.startedAt());
        putTime(o, "finishedAt", r.finishedAt());
        put(o, "durationMs", r.durationMs());
        put(o, "queuedMs", r.queuedMs());
        if (r.errorType().isPresent()) {
            ObjectNode error = o.putObject("error").put("type", r.errorType().get());
            put(error, "message", r.errorMessage());
        }
        put(o, "issueId", r.issueId());
        put(o, "parentId", r.parentId());
        put(o, "chainId", r.chainId());
        return o;
    }

    static ObjectNode event(JobEventView e) {
        ObjectNode o = Json.object().put("id", e.id()).put("status", e.status()).put("attempt", e.attempt())
                .put("workerKey", e.workerKey()).put("receivedAt", time(e.receivedAt()));
        put(o, "durationMs", e.durationMs());
        put(o, "queuedMs", e.queuedMs());
        put(o, "errorType", e.errorType());
        put(o, "errorMessage", e.errorMessage());
        return o;
    }

    static ObjectNode stats(TaskStats s) {
        ObjectNode o = Json.object().put("taskName", s.taskName()).put("finished", s.finished())
                .put("failed", s.failed()).put("throughputPerMin", Json.measured(s.throughputPerMin()))
                .put("failureRate", Json.measured(s.failureRate()));
        put(o, "p50DurationMs", s.p50DurationMs());
        put(o, "p95DurationMs", s.p95DurationMs());
        return o;
    }

    static ObjectNode worker(WorkerView w) {
        ObjectNode o = Json.object().put("workerKey", w.workerKey()).put("status", w.status())
                .put("hostname", w.hostname()).put("pid", w.pid()).put("framework", w.framework())
                .put("lastHeartbeat", time(w.lastHeartbeat())).put("firstSeen", time(w.firstSeen()));
        put(o, "language", w.language());
        put(o, "sdkVersion", w.sdkVersion());
        OptionalInt c = w.concurrency();
        c.ifPresent(n -> o.put("concurrency", n));
        ArrayNode queues = o.putArray("queues");
        w.queues().forEach(queues::add);
        return o;
    }

    static ObjectNode point(JobGraphQueries.QueuePoint p) {
        ObjectNode o = Json.object().put("queue", p.queue()).put("timestamp", time(p.at())).put("depth", p.depth())
                .put("active", p.active()).put("failed", p.failed());
        putMeasured(o, "throughputPerMin", p.throughputPerMin());
        putMeasured(o, "latencySeconds", p.latencySeconds());
        put(o, "workerKey", p.workerKey());
        return o;
    }

    static ObjectNode graph(JobGraphQueries.Graph g) {
        ObjectNode o = Json.object().put("chainId", g.chainId());
        ArrayNode nodes = o.putArray("nodes");
        for (JobGraphQueries.Node n : g.nodes()) {
            ObjectNode node = nodes.addObject().put("taskId", n.taskId());
            put(node, "taskName", n.taskName());
            put(node, "status", n.status());
        }
        ArrayNode edges = o.putArray("edges");
        g.edges().forEach(e -> edges.addObject().put("parentId", e.parentId()).put("childId", e.childId()));
        return o;
    }

    static ObjectNode dump(WorkerQueries.DumpView d, boolean withText) {
        ObjectNode o = Json.object().put("id", d.id()).put("cmdId", d.cmdId()).put("workerKey", d.workerKey())
                .put("receivedAt", time(d.receivedAt()));
        put(o, "language", d.language());
        put(o, "sdkVersion", d.sdkVersion());
        put(o, "capturedAt", d.capturedAt());
        if (withText) {
            o.put("text", d.text());
        }
        return o;
    }

    static ObjectNode settings(JobSettings s, long usedThisMonth) {
        ObjectNode o = Json.object().put("planTier", s.planTier()).put("monthlyQuota", s.monthlyQuota())
                .put("usedThisMonth", usedThisMonth).put("ratePerMinute", s.ratePerMinute())
                .put("heartbeatIntervalSeconds", s.heartbeatIntervalSeconds())
                .put("staleAfterMissed", s.staleAfterMissed()).put("pauseIngest", s.pauseIngest());
        s.pauseUntilMs().ifPresentOrElse(t -> o.put("pauseUntilMs", t), () -> o.putNull("pauseUntilMs"));
        s.pauseUntilMs().ifPresent(t -> o.put("pauseUntil", time(t)));
        return o;
    }
}
