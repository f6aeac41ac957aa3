package dev.sluice.sdk.internal;

import dev.sluice.sdk.ErrorOptions;
import dev.sluice.sdk.Severity;
import dev.sluice.sdk.SluiceError;
import dev.sluice.sdk.Task;
import dev.sluice.sdk.TaskOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Tailpoint: one task per {@code POST {endpoint}/v1/ingest/tasks}, JSON, Bearer key (tailpoint.md §1–§6). */
public final class TailpointEncoder implements Encoder<TaskItem> {

    /** The server's 50 KB guard (§4). */
    static final int MAX_BODY = 51_200;
    private static final int MAX_DESCRIPTION = 16_000;

    private final URI uri;
    private final String key;
    private final String source;
    private final Clock clock;
    private final Frames inApp;

    public TailpointEncoder(URI apiBase, String key, String source, Clock clock, Frames inApp) {
        String base = apiBase.toString();
        this.uri = URI.create(base + (base.endsWith("/") ? "" : "/") + "v1/ingest/tasks");
        this.key = key;
        this.source = source;
        this.clock = clock;
        this.inApp = inApp;
    }

    @Override
    public HttpCall encode(List<TaskItem> items) {
        TaskItem item = items.get(0);
        Task task = item.task() != null ? item.task() : fromError(item.error(), item.options());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("title", cut(task.title(), 255));
        task.description().ifPresent(d -> body.put("description", d));
        task.severity().ifPresent(s -> body.put("severity", s.wire()));
        task.priority().ifPresent(p -> body.put("priority", p));
        task.dedupeKey().ifPresent(k -> body.put("dedupeKey", cut(k, 255)));
        // generated here, once: the encoded bytes are what every retry resends
        body.put("idempotencyKey", cut(task.idempotencyKey().filter(k -> !k.isBlank())
                .orElseGet(() -> UUID.randomUUID().toString()), 255));
        if (!task.metadata().isEmpty()) {
            body.put("metadata", task.metadata());
        }
        task.occurredAt().ifPresent(t -> body.put("occurredAt", t.toString()));
        if (!task.assigneeEmails().isEmpty()) {
            body.put("assigneeEmails", task.assigneeEmails());
        }
        return HttpCall.post(uri, Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key),
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    Task fromError(Throwable t, ErrorOptions o) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        String title = o.title().orElse(t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("exceptionType", t.getClass().getName());
        meta.putAll(o.metadata());
        Task.Builder b = Task.builder(cut(title, 255)).description(cut(trace.toString(), MAX_DESCRIPTION))
                .severity(o.severity().orElse(Severity.HIGH))
                .dedupeKey(o.dedupeKey().orElseGet(() -> DedupeKey.of(t, inApp)))
                .metadata(meta).occurredAt(clock.instant());
        return b.build();
    }

    @Override
    public int maxBodyBytes() {
        return MAX_BODY;
    }

    @Override
    public void delivered(List<TaskItem> items, HttpResult result) {
        Map<String, Object> m = JsonParser.object(result.bodyText());
        String s = String.valueOf(m.getOrDefault("status", result.status() == 201 ? "created" : "deduped"));
        TaskOutcome.Status status = switch (s.toLowerCase(Locale.ROOT)) {
            case "created" -> TaskOutcome.Status.CREATED;
            case "validated" -> TaskOutcome.Status.VALIDATED;
            default -> TaskOutcome.Status.DEDUPED;
        };
        OptionalLong taskId = m.get("taskId") instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
        long count = m.get("occurrenceCount") instanceof Number n ? n.longValue() : 0;
        Optional<String> eventId = Optional.ofNullable(m.get("eventId")).map(String::valueOf);
        boolean idem = Boolean.TRUE.equals(m.get("idempotent"));
        for (TaskItem i : items) {
            i.outcome().complete(new TaskOutcome(status, taskId, count, eventId, idem, Optional.empty()));
        }
    }

    @Override
    public void dropped(List<TaskItem> items, SluiceError error) {
        for (TaskItem i : items) {
            i.outcome().complete(TaskOutcome.dropped(error));
        }
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
