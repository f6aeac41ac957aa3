package dev.sluice.query;

/**
 * AI usage of one provider and model over a time range.
 *
 * @param costUsd the summed cost of the generations whose cost is known
 * @param unpricedGenerations generations whose cost is unknown (model not in the price table, none sent)
 * @param avgLatencyMs mean latency of the generations that reported one; empty when none did
 */
public record UsageRow(String provider, String model, long generations, long inputTokens, long outputTokens,
                       long totalTokens, long cachedInputTokens, long cacheWriteTokens, double costUsd,
                       long unpricedGenerations, java.util.OptionalDouble avgLatencyMs) {
}
