package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightResult.Timing;
import dev.sluice.query.insights.InsightResult.TimingBucket;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** Funnel step timing from the gaps (ms) into a step: avg (floored), lower median, nearest-rank p95, buckets. */
final class StepTimings {

    /** The 8 timing buckets: label and exclusive upper bound in seconds (the last is open-ended). */
    static final String[] LABELS = {"0-30s", "30s-2m", "2m-10m", "10m-30m", "30m-1h", "1h-6h", "6h-24h", "24h+"};
    static final long[] UPPER_SECONDS = {30, 120, 600, 1800, 3600, 21_600, 86_400};

    private StepTimings() {
    }

    static Timing of(List<Long> gapsMillis) {
        long[] sorted = gapsMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] counts = new long[LABELS.length];
        for (long g : sorted) {
            counts[bucket(g)]++;
        }
        if (sorted.length == 0) {
            return new Timing(0, 0, 0, buckets(counts));
        }
        long sum = Arrays.stream(sorted).sum();
        return new Timing(avgNanos(sum, sorted.length), sorted[(sorted.length - 1) / 2] * 1_000_000,
                sorted[(int) Math.ceil(0.95 * sorted.length) - 1] * 1_000_000, buckets(counts));
    }

    /** The bucket index of a gap in millis. */
    static int bucket(long gapMillis) {
        int b = 0;
        while (b < UPPER_SECONDS.length && gapMillis >= UPPER_SECONDS[b] * 1000) {
            b++;
        }
        return b;
    }

    /** The average in nanoseconds of {@code n} gaps summing to {@code sumMillis}, floored. */
    static long avgNanos(long sumMillis, long n) {
        return BigInteger.valueOf(sumMillis).multiply(BigInteger.valueOf(1_000_000)).divide(BigInteger.valueOf(n))
                .longValueExact();
    }

    static List<TimingBucket> buckets(long[] counts) {
        List<TimingBucket> out = new ArrayList<>();
        for (int b = 0; b < LABELS.length; b++) {
            out.add(new TimingBucket(LABELS[b], b < UPPER_SECONDS.length ? OptionalLong.of(UPPER_SECONDS[b])
                    : OptionalLong.empty(), counts[b]));
        }
        return out;
    }
}
