package dev.sluice.protocol;

/** Token counts of one LLM call; absent counts are zero, except total which defaults to input + output. */
public record TokenUsage(long input, long output, long total, long cachedInput, long cacheWrite) {
}
