package dev.sluice.sdk.internal;

import dev.sluice.sdk.Breadcrumb;
import dev.sluice.sdk.Generation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Open Sentry: {@code POST <dsn path>?key=<key>} with {@code X-Open-Sentry-Key}; one item → a JSON object,
 * 2–20 → an array (open-sentry.md §6). Each item carries an {@code eventId} and the request an
 * {@code Idempotency-Key}, so a retry is stored once by Sluice; other servers strip the unknown field.
 */
public final class OpenSentryEncoder implements Encoder<SentryItem> {

    static final int MAX_ITEMS = 20;
    static final int MAX_BODY = 262_144;
    private static final int MAX_FRAMES = 50;

    private final URI uri;
    private final Map<String, String> headers;
    private final String environment;
    private final String release;
    private final Frames inApp;

    public OpenSentryEncoder(Dsn dsn, String environment, String release, Frames inApp) {
        this.uri = URI.create(dsn.ingestUrl() + "?key=" + URLEncoder.encode(dsn.publicKey(), StandardCharsets.UTF_8));
        this.headers = Map.of("Content-Type", "application/json", "X-Open-Sentry-Key", dsn.publicKey());
        this.environment = environment;
        this.release = release;
        this.inApp = inApp;
    }

    @Override
    public HttpCall encode(List<SentryItem> items) {
        Object body;
        if (items.size() == 1) {
            body = toJson(items.get(0));
        } else {
            List<Object> list = new ArrayList<>(items.size());
            for (SentryItem i : items) {
                list.add(toJson(i));
            }
            body = list;
        }
        Map<String, String> h = new HashMap<>(headers);
        h.put("Idempotency-Key", UUID.randomUUID().toString());
        return HttpCall.post(uri, h, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int maxBodyBytes() {
        return MAX_BODY;
    }

    Map<String, Object> toJson(SentryItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (item) {
            case SentryItem.Error e -> {
                m.put("type", "error");
                Map<String, Object> ex = new LinkedHashMap<>();
                if (e.error() != null) {
                    ex.put("type", e.error().getClass().getName());
                    if (e.error().getMessage() != null) {
                        ex.put("value", e.error().getMessage());
                    }
                    ex.put("stacktrace", Map.of("frames", frames(e.error().getStackTrace(), inApp)));
                } else {
                    ex.put("type", e.level().wire());
                    ex.put("value", e.message());
                }
                m.put("exception", ex);
                m.put("level", e.level().wire());
                if (!e.breadcrumbs().isEmpty()) {
                    m.put("breadcrumbs", e.breadcrumbs().stream().map(OpenSentryEncoder::crumb).toList());
                }
                scope(m, e.tags(), e.user());
                m.put("environment", environment);
                m.put("release", release);
                m.put("timestamp", e.timestamp().toString());
            }
            case SentryItem.Transaction t -> {
                m.put("type", "transaction");
                m.put("name", t.name());
                m.put("traceId", t.traceId());
                m.put("durationMs", t.durationMs());
                m.put("status", t.status());
                m.put("environment", environment);
                m.put("release", release);
                List<Object> spans = new ArrayList<>();
                for (SentryItem.Span s : t.spans()) {
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("spanId", s.spanId());
                    sm.put("op", s.op());
                    if (s.description() != null) {
                        sm.put("description", s.description());
                    }
                    sm.put("durationMs", s.durationMs());
                    sm.put("parentSpanId", s.parentSpanId());
                    spans.add(sm);
                }
                m.put("spans", spans);
                m.put("timestamp", t.timestamp().toString());
            }
            case SentryItem.Gen g -> generation(m, g);
        }
        m.put("eventId", UUID.randomUUID().toString());
        return m;
    }

    private void generation(Map<String, Object> m, SentryItem.Gen item) {
        Generation g = item.generation();
        m.put("type", "ai_generation");
        m.put("provider", g.provider());
        m.put("model", g.model());
        m.put("inputTokens", Math.max(0, g.inputTokens()));
        m.put("outputTokens", Math.max(0, g.outputTokens()));
        m.put("totalTokens", Math.max(0, g.totalTokens().orElse(g.inputTokens() + g.outputTokens())));
        m.put("cachedInputTokens", Math.max(0, g.cachedInputTokens()));
        m.put("cacheWriteTokens", Math.max(0, g.cacheWriteTokens()));
        g.inputCostUsd().ifPresent(v -> m.put("inputCostUsd", v));
        g.outputCostUsd().ifPresent(v -> m.put("outputCostUsd", v));
        g.totalCostUsd().ifPresent(v -> m.put("totalCostUsd", v));
        g.latencyMs().ifPresent(v -> m.put("latencyMs", Math.max(0, v)));
        g.timeToFirstTokenMs().ifPresent(v -> m.put("timeToFirstTokenMs", Math.max(0, v)));
        m.put("status", g.ok() ? "ok" : "error");
        g.traceId().ifPresent(v -> m.put("traceId", v));
        g.spanId().ifPresent(v -> m.put("spanId", v));
        Map<String, String> tags = new LinkedHashMap<>(item.tags());
        tags.putAll(g.tags());
        scope(m, tags, item.user());
        if (!g.metadata().isEmpty()) {
            m.put("metadata", g.metadata());
        }
        m.put("environment", environment);
        m.put("release", release);
        m.put("timestamp", item.timestamp().toString());
    }

    private static void scope(Map<String, Object> m, Map<String, String> tags, Map<String, String> user) {
        if (!tags.isEmpty()) {
            m.put("tags", tags);
        }
        if (!user.isEmpty()) {
            m.put("user", user);
        }
    }

    private static Map<String, Object> crumb(Breadcrumb b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", b.category());
        m.put("message", b.message());
        b.level().ifPresent(l -> m.put("level", l.wire()));
        b.timestamp().ifPresent(t -> m.put("timestamp", t.toString()));
        if (!b.data().isEmpty()) {
            m.put("data", b.data());
        }
        return m;
    }

    static List<Object> frames(StackTraceElement[] trace, Frames inApp) {
        List<Object> out = new ArrayList<>(Math.min(trace.length, MAX_FRAMES));
        for (int i = 0; i < trace.length && i < MAX_FRAMES; i++) {
            StackTraceElement f = trace[i];
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("function", f.getClassName() + "." + f.getMethodName());
            if (f.getFileName() != null) {
                m.put("filename", f.getFileName());
            }
            m.put("module", f.getClassName());
            if (f.getLineNumber() >= 0) {
                m.put("lineno", f.getLineNumber());
            }
            m.put("inApp", inApp.inApp(f));
            out.add(m);
        }
        return out;
    }
}
