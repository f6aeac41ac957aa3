package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.HttpCall;
import dev.sluice.sdk.internal.HttpResult;
import dev.sluice.sdk.internal.JobItem;
import dev.sluice.sdk.internal.Json;
import dev.sluice.sdk.internal.JsonParser;
import dev.sluice.sdk.internal.RetryAfter;
import dev.sluice.sdk.internal.SdkLog;
import dev.sluice.sdk.internal.TraceStaxEncoder;
import dev.sluice.sdk.internal.Transport;
import dev.sluice.sdk.internal.Worker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Background jobs (TraceStax): {@link #monitor} wraps jobs; heartbeats run on a schedule and their
 * directives are obeyed (pause ingest, thread dumps); queue snapshots come from a supplier each beat;
 * {@link #lineage} records parent → children.
 */
public final class Jobs {

    private final Channel<JobItem> events; // null when not configured
    private final Channel<JobItem> control;
    private final Accounting books;
    private final Clock clock;
    private final URI heartbeatUri;
    private final Map<String, String> headers;
    private final Transport transport;
    private final String framework;
    private final Duration interval;
    private final Errors errors;
    private final Set<String> queues = ConcurrentHashMap.newKeySet();
    private volatile Supplier<List<QueueSnapshot>> snapshots;
    private ScheduledExecutorService scheduler;

    Jobs(Channel<JobItem> events, Channel<JobItem> control, Accounting books, Clock clock, URI endpoint, String key,
         Transport transport, String framework, Duration interval, Errors errors) {
        this.events = events;
        this.control = control;
        this.books = books;
        this.clock = clock;
        this.heartbeatUri = endpoint == null ? null : URI.create(endpoint + "/v1/heartbeat");
        this.headers = key == null ? Map.of() : TraceStaxEncoder.headers(key);
        this.transport = transport;
        this.framework = framework;
        this.interval = interval;
        this.errors = errors;
    }

    /** A monitor for jobs of {@code queue}; the queue is reported in heartbeats. */
    public JobMonitor monitor(String queue) {
        String q = queue == null || queue.isBlank() ? "default" : queue;
        queues.add(q);
        return new JobMonitor(q, clock, this::enqueueEvent, errors);
    }

    /** Queue depths to send with every heartbeat. */
    public void snapshots(Supplier<List<QueueSnapshot>> supplier) {
        snapshots = supplier;
    }

    /** Reports that {@code parentId} spawned {@code children} (1–500) in chain {@code chainId}. Never throws. */
    public void lineage(String parentId, String chainId, List<LineageChild> children) {
        if (parentId == null || chainId == null || children == null || children.isEmpty() || children.size() > 500) {
            books.refuse(DropReason.INVALID, "lineage needs parent, chain and 1–500 children", String.valueOf(parentId));
            return;
        }
        enqueueControl(new JobItem.Lineage(parentId, chainId, List.copyOf(children)));
    }

    /** Sends one heartbeat now (on the calling thread) and applies its directives. Never throws. */
    public Directives heartbeat() {
        return heartbeat(false);
    }

    /**
     * One heartbeat; {@code shutdown} marks the worker's last one (as the Python and Go TraceStax SDKs send on
     * shutdown), so the server shows it offline at once instead of after missed beats.
     */
    private Directives heartbeat(boolean shutdown) {
        if (heartbeatUri == null) {
            return Directives.none();
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "heartbeat");
            body.put("framework", framework);
            body.put("language", "java");
            body.put("sdk_version", TraceStaxEncoder.SDK_VERSION);
            body.put("worker", Worker.info(new ArrayList<>(queues), Runtime.getRuntime().availableProcessors()));
            body.put("timestamp", clock.instant().toString());
            if (shutdown) {
                body.put("shutdown", true);
            }
            HttpResult r = transport.send(HttpCall.post(heartbeatUri, headers,
                    Json.write(body).getBytes(StandardCharsets.UTF_8)));
            long now = clock.millis();
            RetryAfter.from(r.headers(), clock.instant()).ifPresent(d -> pause(now + d.toMillis()));
            if (r.status() / 100 != 2) {
                SdkLog.warn("heartbeat-status", "heartbeat answered HTTP " + r.status());
                return Directives.none();
            }
            return apply(JsonParser.object(r.bodyText()), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Directives.none();
        } catch (Exception e) {
            SdkLog.warn("heartbeat", "heartbeat failed: " + e);
            return Directives.none();
        }
    }

    Directives apply(Map<String, Object> response, long now) {
        if (!(response.get("directives") instanceof Map<?, ?> d)) {
            return Directives.none();
        }
        boolean pause = Boolean.TRUE.equals(d.get("pause_ingest"));
        OptionalLong until = d.get("pause_until_ms") instanceof Number n ? OptionalLong.of(n.longValue())
                : OptionalLong.empty();
        if (pause) {
            pause(until.orElse(now + 60_000));
        }
        List<String> dumps = new ArrayList<>();
        if (d.get("commands") instanceof List<?> cmds) {
            for (Object c : cmds) {
                if (c instanceof Map<?, ?> cmd && "thread_dump".equals(cmd.get("type")) && cmd.get("id") != null
                        && !cmd.get("id").toString().isEmpty()) {
                    dumps.add(cmd.get("id").toString());
                    enqueueControl(new JobItem.Dump(cmd.get("id").toString(), threadDump(), clock.instant()));
                }
            }
        }
        return new Directives(pause, until, dumps);
    }

    private void pause(long untilMs) {
        if (events != null) {
            events.pauseUntil(untilMs);
            control.pauseUntil(untilMs);
        }
    }

    static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            sb.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                sb.append("    at ").append(f).append('\n');
            }
            sb.append('\n');
            if (sb.length() > 500_000) {
                return sb.substring(0, 500_000);
            }
        }
        return sb.toString();
    }

    /** One scheduled beat: heartbeat, then a snapshot from the supplier. */
    void beat() {
        heartbeat();
        snapshotNow();
    }

    /** Queues one snapshot from the supplier now (beats do this on their schedule). Never throws. */
    public void snapshotNow() {
        Supplier<List<QueueSnapshot>> s = snapshots;
        if (s != null) {
            try {
                List<QueueSnapshot> qs = s.get();
                if (qs != null && !qs.isEmpty()) {
                    enqueueControl(new JobItem.Snapshot(List.copyOf(qs), clock.instant()));
                }
            } catch (RuntimeException e) {
                SdkLog.warn("snapshot-supplier", "snapshot supplier threw: " + e);
            }
        }
    }

    void start() {
        if (heartbeatUri == null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-jobs-heartbeat");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the beats; when they were running, sends the final {@code shutdown: true} heartbeat, waiting for it
     * at most {@code budget} (a dead server must not stretch {@code close()} past its deadline).
     */
    void stop(Duration budget) {
        if (scheduler != null) {
            scheduler.shutdownNow();
            Thread last = new Thread(() -> heartbeat(true), "sluice-jobs-shutdown-heartbeat");
            last.setDaemon(true);
            last.start();
            try {
                last.join(Math.max(1, budget.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void enqueueEvent(JobItem item) {
        if (events == null) {
            books.refuse(DropReason.NOT_CONFIGURED, "no TraceStax key configured", item);
            return;
        }
        events.offer(item);
    }

    private void enqueueControl(JobItem item) {
        if (control == null) {
            books.refuse(DropReason.NOT_CONFIGURED, "no TraceStax key configured", item);
            return;
        }
        control.offer(item);
    }
}
