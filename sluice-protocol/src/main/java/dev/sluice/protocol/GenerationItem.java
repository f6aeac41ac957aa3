package dev.sluice.protocol;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One LLM generation (an AI call) with its usage, timing and cost.
 *
 * @param detailJson tags, user and metadata as a JSON object, for display
 */
public record GenerationItem(
        String provider,
        String model,
        TokenUsage tokens,
        ClientCost clientCost,
        OptionalLong latencyMs,
        OptionalLong timeToFirstTokenMs,
        String status,
        Optional<String> traceId,
        Optional<String> spanId,
        Optional<String> environment,
        Optional<String> release,
        Optional<String> timestamp,
        Optional<String> dedupeKey,
        String detailJson) implements Item {
}
