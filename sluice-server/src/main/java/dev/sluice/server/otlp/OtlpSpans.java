package dev.sluice.server.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.digest.StackTraces;
import dev.sluice.protocol.ClientCost;
import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.Span;
import dev.sluice.protocol.TokenUsage;
import dev.sluice.protocol.TransactionItem;
import dev.sluice.server.http.Json;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * OTLP spans as Sluice items. Within one export, a span whose parent is absent (a root, or the local root of a
 * partial trace) becomes a transaction holding every span below it. A local root whose parent is in the same
 * process (not a remote parent: the span's flags say so, or, when they do not, it is no server or consumer
 * span) is a <em>fragment</em> of its trace instead — {@code SimpleSpanProcessor} exports every span in a request
 * of its own, children usually before their parents — and the digest joins it to the transaction holding its
 * parent, whichever arrives first; a span event named {@code exception}
 * becomes an error; a span with {@code gen_ai.*} attributes and a model becomes an AI generation (the digest
 * prices it). All items keep the trace id, so a trace's errors, spans and generations link up.
 */
final class OtlpSpans {

    /** The decoded items, and the spans refused (bad ids), for {@code partial_success}. */
    record Decoded(List<Item> items, long rejected, String rejectionMessage) {
    }

    private record Flat(io.opentelemetry.proto.trace.v1.Span span, Attrs attrs, String traceId, String spanId,
                        Optional<String> parentId) {

        Flat withoutParent() {
            return new Flat(span, attrs, traceId, spanId, Optional.empty());
        }
    }

    private OtlpSpans() {
    }

    static Decoded decode(ExportTraceServiceRequest request) {
        List<Flat> spans = new ArrayList<>();
        long rejected = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Attrs resource = Attrs.of(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    if (s.getTraceId().size() != 16 || s.getSpanId().size() != 8) {
                        rejected++;
                        continue;
                    }
                    Optional<String> parent = s.getParentSpanId().isEmpty() ? Optional.empty()
                            : Optional.of(hex(s.getParentSpanId().toByteArray()));
                    spans.add(new Flat(s, resource.with(Attrs.of(s.getAttributesList())),
                            hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()), parent));
                }
            }
        }
        List<Item> items = new ArrayList<>();
        Map<String, Flat> declared = byId(spans);
        // A span on a cycle of parent ids (its own parent, or A under B under A) has no root to join: without
        // this it would be nobody's child and nobody's root, acknowledged and never stored. It starts its own
        // transaction instead, its parent id dropped.
        List<Flat> flat = spans.stream().map(f -> onCycle(f, declared) ? f.withoutParent() : f).toList();
        Map<String, Flat> byId = byId(flat);
        Map<String, List<Flat>> children = new LinkedHashMap<>();
        for (Flat f : flat) {
            if (!isRoot(f, byId)) {
                children.computeIfAbsent(rootOf(f, byId), k -> new ArrayList<>()).add(f);
            }
        }
        for (Flat f : flat) {
            if (isRoot(f, byId)) {
                items.add(transaction(f, children.getOrDefault(f.traceId + "/" + f.spanId, List.of())));
            }
            errors(f, items);
            generation(f).ifPresent(items::add);
        }
        return new Decoded(items, rejected, rejected == 0 ? "" : rejected + " spans with invalid trace or span ids");
    }

    private static Map<String, Flat> byId(List<Flat> spans) {
        Map<String, Flat> byId = new LinkedHashMap<>();
        spans.forEach(f -> byId.put(f.traceId + "/" + f.spanId, f));
        return byId;
    }

    /** Whether following parent ids from {@code f} within the export comes back to {@code f}. */
    private static boolean onCycle(Flat f, Map<String, Flat> byId) {
        Flat at = f;
        for (int i = 0; i < byId.size() && !isRoot(at, byId); i++) {
            at = byId.get(at.traceId + "/" + at.parentId.get());
            if (at.spanId.equals(f.spanId)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot(Flat f, Map<String, Flat> byId) {
        return f.parentId.isEmpty() || !byId.containsKey(f.traceId + "/" + f.parentId.get());
    }

    /** The root key above {@code f}; bounded so a cycle of parent ids cannot loop. */
    private static String rootOf(Flat f, Map<String, Flat> byId) {
        Flat at = f;
        for (int i = 0; i < byId.size() && !isRoot(at, byId); i++) {
            at = byId.get(at.traceId + "/" + at.parentId.get());
        }
        return at.traceId + "/" + at.spanId;
    }

    private static TransactionItem transaction(Flat root, List<Flat> below) {
        boolean fragment = root.parentId.isPresent() && !remoteParent(root);
        List<Span> spans = new ArrayList<>(below.size() + 1);
        if (fragment) {
            spans.add(span(root)); // the head joins its trace's transaction as one of its spans
        }
        for (Flat f : below) {
            spans.add(span(f));
        }
        return new TransactionItem(root.span.getName().isEmpty() ? "<unnamed span>" : root.span.getName(),
                root.traceId, durationMs(root), status(root), spans, environment(root.attrs),
                root.attrs.text("service.version"), Optional.of(iso(root.span.getStartTimeUnixNano())),
                Optional.of("otlp:" + root.traceId + ":" + root.spanId), Optional.of(root.spanId),
                fragment ? root.parentId : Optional.empty());
    }

    private static Span span(Flat f) {
        return new Span(f.spanId, op(f), Optional.of(f.span.getName()), durationMs(f), f.parentId);
    }

    /**
     * Whether the span's parent lives in another process (so the span starts a transaction of its own): the
     * OTLP flags tell when the exporter set them (bit 8: known, bit 9: remote); otherwise server and consumer
     * spans are taken as entry points.
     */
    static boolean remoteParent(Flat f) {
        int flags = f.span.getFlags();
        if ((flags & 0x100) != 0) {
            return (flags & 0x200) != 0;
        }
        return f.span.getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER
                || f.span.getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
    }

    private static void errors(Flat f, List<Item> items) {
        int n = 0;
        for (io.opentelemetry.proto.trace.v1.Span.Event e : f.span.getEventsList()) {
            if (!e.getName().equals("exception")) {
                continue;
            }
            Attrs a = Attrs.of(e.getAttributesList());
            Optional<String> type = a.text("exception.type");
            Optional<String> value = a.text("exception.message");
            Optional<String> stack = a.text("exception.stacktrace");
            List<Frame> frames = StackTraces.frames(stack);
            ObjectNode detail = Json.object();
            ObjectNode ex = detail.putObject("exception");
            type.ifPresent(t -> ex.put("type", t));
            value.ifPresent(v -> ex.put("value", v));
            ArrayNode framesOut = ex.putObject("stacktrace").putArray("frames");
            frames.forEach(fr -> {
                ObjectNode o = framesOut.addObject();
                fr.filename().ifPresent(v -> o.put("filename", v));
                fr.function().ifPresent(v -> o.put("function", v));
                o.put("inApp", fr.inApp());
            });
            stack.ifPresent(s -> detail.put("stacktraceText", s));
            detail.put("traceId", f.traceId).put("spanId", f.spanId).put("spanName", f.span.getName());
            detail.set("tags", f.attrs.toJson());
            long at = e.getTimeUnixNano() > 0 ? e.getTimeUnixNano() : f.span.getEndTimeUnixNano();
            items.add(new ErrorItem(type, value, Optional.empty(), Optional.of("error"), frames,
                    environment(f.attrs), f.attrs.text("service.version"), Optional.of(iso(at)),
                    Optional.of("otlp:" + f.traceId + ":" + f.spanId + ":" + n++), detail.toString()));
        }
    }

    private static Optional<GenerationItem> generation(Flat f) {
        Attrs a = f.attrs;
        Optional<String> model = a.text("gen_ai.response.model").or(() -> a.text("gen_ai.request.model"));
        if (!a.hasPrefix("gen_ai.") || model.isEmpty()) {
            return Optional.empty();
        }
        String provider = a.text("gen_ai.provider.name").or(() -> a.text("gen_ai.system")).orElse("unknown");
        long input = first(a, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
        long output = first(a, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
        long cached = first(a, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens");
        ObjectNode detail = Json.object().put("spanName", f.span.getName());
        detail.set("metadata", a.toJson());
        return Optional.of(new GenerationItem(provider, model.get(), new TokenUsage(input, output, input + output,
                cached, 0), ClientCost.none(), OptionalLong.of(Math.round(durationMs(f))), OptionalLong.empty(),
                f.span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR ? "error" : "ok",
                Optional.of(f.traceId), Optional.of(f.spanId), environment(a), a.text("service.version"),
                Optional.of(iso(f.span.getStartTimeUnixNano())), Optional.of("otlp:" + f.traceId + ":" + f.spanId),
                detail.toString()));
    }

    private static long first(Attrs a, String key, String fallback) {
        OptionalLong v = a.integer(key);
        return Math.max(0, (v.isPresent() ? v : a.integer(fallback)).orElse(0));
    }

    /** A Sentry-like operation name, so OTLP spans read like the SDKs' spans. */
    private static String op(Flat f) {
        Attrs a = f.attrs;
        if (a.text("sentry.op").isPresent()) {
            return a.text("sentry.op").get();
        }
        if (a.text("db.system").isPresent() || a.text("db.system.name").isPresent()) {
            return "db";
        }
        if (a.text("gen_ai.operation.name").isPresent()) {
            return "gen_ai." + a.text("gen_ai.operation.name").get();
        }
        boolean http = a.text("http.request.method").isPresent() || a.text("http.method").isPresent();
        return switch (f.span.getKind()) {
            case SPAN_KIND_SERVER -> http ? "http.server" : "server";
            case SPAN_KIND_CLIENT -> http ? "http.client" : "client";
            case SPAN_KIND_PRODUCER -> "queue.publish";
            case SPAN_KIND_CONSUMER -> "queue.process";
            default -> "internal";
        };
    }

    private static Optional<String> environment(Attrs a) {
        return a.text("deployment.environment.name").or(() -> a.text("deployment.environment"));
    }

    private static String status(Flat f) {
        return f.span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR ? "error" : "ok";
    }

    private static double durationMs(Flat f) {
        long ns = f.span.getEndTimeUnixNano() - f.span.getStartTimeUnixNano();
        return ns > 0 ? ns / 1e6 : 0;
    }

    static String iso(long unixNanos) {
        return Instant.ofEpochSecond(0, Math.max(0, unixNanos)).toString();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
