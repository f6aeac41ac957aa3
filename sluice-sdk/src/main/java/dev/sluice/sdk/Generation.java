package dev.sluice.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One LLM call for Open Sentry's {@code ai_generation} item. Token counts default like the original SDK:
 * output 0, total = input + output, cached 0.
 */
public record Generation(String provider, String model, long inputTokens, long outputTokens,
                         OptionalLong totalTokens, long cachedInputTokens, long cacheWriteTokens,
                         OptionalDouble inputCostUsd, OptionalDouble outputCostUsd, OptionalDouble totalCostUsd,
                         OptionalLong latencyMs, OptionalLong timeToFirstTokenMs, boolean ok,
                         Optional<String> traceId, Optional<String> spanId, Map<String, String> tags,
                         Map<String, Object> metadata) {

    /** Copies {@code tags} and {@code metadata}. */
    public Generation {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        tags = Map.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }

    /** A builder for a call to {@code model} of {@code provider} (e.g. {@code openai}, {@code gpt-4o}). */
    public static Builder builder(String provider, String model) {
        return new Builder(provider, model);
    }

    /** Builds a {@link Generation}. */
    public static final class Builder {
        private final String provider;
        private final String model;
        private long input;
        private long output;
        private Long total;
        private long cached;
        private long cacheWrite;
        private Double inCost;
        private Double outCost;
        private Double totalCost;
        private Long latency;
        private Long ttft;
        private boolean ok = true;
        private String traceId;
        private String spanId;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder(String provider, String model) {
            this.provider = provider;
            this.model = model;
        }

        /** Prompt tokens. */
        public Builder inputTokens(long v) { input = v; return this; }
        /** Completion tokens. */
        public Builder outputTokens(long v) { output = v; return this; }
        /** Total tokens (default: input + output). */
        public Builder totalTokens(long v) { total = v; return this; }
        /** Prompt tokens read from the provider's cache. */
        public Builder cachedInputTokens(long v) { cached = v; return this; }
        /** Prompt tokens written to the provider's cache. */
        public Builder cacheWriteTokens(long v) { cacheWrite = v; return this; }
        /** Input cost in USD, if the caller knows it (else the server prices it). */
        public Builder inputCostUsd(double v) { inCost = v; return this; }
        /** Output cost in USD, if the caller knows it. */
        public Builder outputCostUsd(double v) { outCost = v; return this; }
        /** Total cost in USD, if the caller knows it. */
        public Builder totalCostUsd(double v) { totalCost = v; return this; }
        /** Wall time of the call in milliseconds. */
        public Builder latencyMs(long v) { latency = v; return this; }
        /** Time to the first streamed token in milliseconds. */
        public Builder timeToFirstTokenMs(long v) { ttft = v; return this; }
        /** Marks the call as failed. */
        public Builder failed() { ok = false; return this; }
        /** Links the call to a trace and span. */
        public Builder trace(String traceId, String spanId) { this.traceId = traceId; this.spanId = spanId; return this; }
        /** Adds a tag (e.g. {@code feature}); {@code null}s are skipped. */
        public Builder tag(String k, String v) { if (k != null && v != null) { tags.put(k, v); } return this; }
        /** Adds a metadata entry; {@code null}s are skipped. */
        public Builder metadata(String k, Object v) { if (k != null && v != null) { metadata.put(k, v); } return this; }

        /** The generation. */
        public Generation build() {
            return new Generation(provider, model, input, output,
                    total == null ? OptionalLong.empty() : OptionalLong.of(total), cached, cacheWrite,
                    opt(inCost), opt(outCost), opt(totalCost),
                    latency == null ? OptionalLong.empty() : OptionalLong.of(latency),
                    ttft == null ? OptionalLong.empty() : OptionalLong.of(ttft), ok,
                    Optional.ofNullable(traceId), Optional.ofNullable(spanId), tags, metadata);
        }

        private static OptionalDouble opt(Double d) {
            return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
        }
    }
}
