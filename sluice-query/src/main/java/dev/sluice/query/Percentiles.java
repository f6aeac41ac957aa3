package dev.sluice.query;

import java.util.Arrays;
import java.util.OptionalDouble;

/** Nearest-rank percentiles: the smallest value with at least p% of the values at or below it. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) of {@code values}, empty when there are none. */
    public static OptionalDouble nearestRank(double[] values, double p) {
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        // p * n first: for whole p this is exact, where p / 100 * n may land just above a whole rank.
        int rank = (int) Math.ceil(p * sorted.length / 100.0);
        return OptionalDouble.of(sorted[Math.max(1, Math.min(rank, sorted.length)) - 1]);
    }
}
