package dev.sluice.sdk.internal;

import dev.sluice.sdk.LineageChild;
import dev.sluice.sdk.QueueSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TraceStax JSON (tracestax.md): task events batched as {@code {"events":[…]}} to {@code /v1/ingest} (the
 * Node/Python form), snapshots to {@code /v1/snapshot} (nested form), lineage to {@code /v1/lineage}, dumps
 * to {@code /v1/dump}. Both {@code Authorization: Bearer} and {@code X-Api-Key}, like the upstream Java SDK.
 */
public final class TraceStaxEncoder implements Encoder<JobItem> {

    static final int MAX_BODY = 262_144;
    public static final String SDK_VERSION = "0.1.0";

    private final String base;
    private final Map<String, String> headers;
    private final String framework;

    public TraceStaxEncoder(URI endpoint, String key, String framework) {
        this.base = endpoint.toString();
        this.headers = headers(key);
        this.framework = framework;
    }

    public static Map<String, String> headers(String key) {
        return Map.of("Content-Type", "application/json; charset=utf-8", "Authorization", "Bearer " + key,
                "X-Api-Key", key);
    }

    @Override
    public HttpCall encode(List<JobItem> items) {
        JobItem first = items.get(0);
        Object body;
        String path;
        switch (first) {
            case JobItem.TaskEvent e -> {
                List<Object> events = new ArrayList<>(items.size());
                for (JobItem i : items) {
                    events.add(taskEvent((JobItem.TaskEvent) i));
                }
                body = Map.of("events", events);
                path = "/v1/ingest";
            }
            case JobItem.Snapshot s -> {
                body = snapshot(s);
                path = "/v1/snapshot";
            }
            case JobItem.Lineage l -> {
                body = Map.of("parent_id", l.parentId(), "chain_id", l.chainId(), "children",
                        l.children().stream().map(TraceStaxEncoder::child).toList());
                path = "/v1/lineage";
            }
            case JobItem.Dump d -> {
                body = Map.of("cmd_id", d.commandId(), "worker_key", Worker.key(), "dump_text", d.text(),
                        "language", "java", "sdk_version", SDK_VERSION, "captured_at", d.capturedAt().toString());
                path = "/v1/dump";
            }
        }
        return HttpCall.post(URI.create(base + path), headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int maxBodyBytes() {
        return MAX_BODY;
    }

    Map<String, Object> taskEvent(JobItem.TaskEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "task_event");
        m.put("framework", framework);
        m.put("language", "java");
        m.put("sdk_version", SDK_VERSION);
        m.put("worker", Worker.info(List.of(e.queue()), 1));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", e.name());
        task.put("id", e.id());
        task.put("queue", e.queue());
        task.put("attempt", e.attempt());
        e.parentId().ifPresent(p -> task.put("parent_id", p));
        e.chainId().ifPresent(c -> task.put("chain_id", c));
        m.put("task", task);
        m.put("status", e.status());
        m.put("metrics", Map.of("duration_ms", e.durationMs()));
        if (e.error() != null) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("type", e.error().getClass().getName());
            err.put("message", e.error().getMessage()); // may be null, as upstream Java sends
            StringWriter w = new StringWriter();
            e.error().printStackTrace(new PrintWriter(w));
            String trace = w.toString();
            err.put("stack_trace", trace.length() > 16_000 ? trace.substring(0, 16_000) : trace);
            m.put("error", err);
        }
        m.put("timestamp", e.timestamp().toString());
        return m;
    }

    Map<String, Object> snapshot(JobItem.Snapshot s) {
        List<Object> queues = new ArrayList<>();
        for (QueueSnapshot q : s.queues()) {
            queues.add(Map.of("name", q.name(), "depth", q.depth(), "active", q.active(), "failed", q.failed(),
                    "throughput_per_min", 0));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "snapshot");
        m.put("framework", framework);
        m.put("worker_key", Worker.key());
        m.put("queues", queues);
        m.put("timestamp", s.timestamp().toString());
        return m;
    }

    private static Map<String, Object> child(LineageChild c) {
        return Map.of("id", c.id(), "task_name", c.taskName());
    }
}
