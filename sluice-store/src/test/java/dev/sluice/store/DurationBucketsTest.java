package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucket representative is within 1 % of every duration in the bucket; buckets keep the order. */
class DurationBucketsTest {

    @Test
    void everyDurationIsWithinTheBoundOfItsBucketsValue() {
        Random random = new Random(42);
        double previous = 0;
        int previousBucket = Integer.MIN_VALUE;
        for (int i = 0; i < 200_000; i++) {
            double ms = DurationBuckets.MIN_MS * Math.pow(10, random.nextDouble() * 10); // 10 µs … 1e8 ms
            double value = DurationBuckets.value(DurationBuckets.bucket(ms));
            assertThat(Math.abs(value - ms) / ms).as("%s ms", ms).isLessThanOrEqualTo(DurationBuckets.ALPHA + 1e-12);
        }
        for (double ms = 0.01; ms < 1e6; ms *= 1.001) {
            int bucket = DurationBuckets.bucket(ms);
            assertThat(bucket).as("monotone at %s after %s", ms, previous).isGreaterThanOrEqualTo(previousBucket);
            previous = ms;
            previousBucket = bucket;
        }
        assertThat(DurationBuckets.bucket(0)).isEqualTo(DurationBuckets.TINY);
        assertThat(DurationBuckets.bucket(-5)).isEqualTo(DurationBuckets.TINY);
        assertThat(DurationBuckets.bucket(Double.NaN)).isEqualTo(DurationBuckets.TINY);
        assertThat(DurationBuckets.value(DurationBuckets.TINY)).isZero();
    }
}
