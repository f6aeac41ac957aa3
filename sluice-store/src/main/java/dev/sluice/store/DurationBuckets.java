package dev.sluice.store;

/**
 * Log-scale duration buckets (as in DDSketch): bucket {@code i} holds durations in [γ^i, γ^(i+1)) with
 * γ = (1 + α) / (1 − α), α = 1 %. Reporting a bucket by {@link #value} — 2γ^(i+1) / (γ + 1) — is within 1 %
 * (relative) of every duration in it, so a percentile read from bucket counts is within 1 % of the exact
 * nearest-rank percentile. Durations under 10 µs share one bucket reported as 0.
 */
public final class DurationBuckets {

    /** The relative error bound. */
    public static final double ALPHA = 0.01;
    /** The bucket growth factor; {@code V141.sql} repeats it for the backfill. */
    public static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
    /** Durations below this (ms) fall into {@link #TINY}. */
    public static final double MIN_MS = 0.01;
    /** The bucket of durations under {@link #MIN_MS} (and of negative or NaN ones). */
    public static final int TINY = -100_000;
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private DurationBuckets() {
    }

    /** The bucket of a duration in milliseconds. */
    public static int bucket(double ms) {
        if (!(ms >= MIN_MS)) {
            return TINY;
        }
        return (int) Math.floor(Math.log(ms) / LOG_GAMMA);
    }

    /** The duration a bucket stands for (within {@link #ALPHA} of all its members). */
    public static double value(int bucket) {
        if (bucket == TINY) {
            return 0;
        }
        return 2 * Math.pow(GAMMA, bucket + 1) / (GAMMA + 1);
    }
}
