package dev.sluice.sdk.internal;

import dev.sluice.sdk.DropReason;
import java.time.Duration;
import java.util.Optional;

/**
 * When to retry a request, as a pure function of its outcome (DESIGN.md §4). No clock, no randomness of its
 * own: the caller passes the elapsed time and a jitter sample in [0, 1), so every branch is unit-testable.
 *
 * <p>Retryable: I/O errors (status 0), 408, 429 and 5xx except 501/505. Everything else that is not 2xx is a
 * permanent rejection (400/401/402/403/413 and the rest of 4xx): retrying cannot change the answer, so the
 * items are dead-lettered at once. Retries are bounded twice: by attempts and by total time since the first
 * attempt, so a dead server cannot pin memory forever (Pug's SDK retries indefinitely).
 *
 * @param maxAttempts attempts in total, the first included
 * @param baseDelay   delay before the second attempt, doubled for each further one
 * @param maxDelay    cap on a computed delay
 * @param maxTotal    no retry is scheduled that would start later than this after the first attempt
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {

    /** I/O error, timeout or connection refused: no HTTP status. */
    public static final int IO_ERROR = 0;

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** 6 attempts, 500 ms doubling to at most 30 s, within 2 minutes of the first attempt. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    /** What to do next. */
    public sealed interface Decision {
        /** Delivered. */
        record Done() implements Decision {}

        /** Try again after {@code delay}. */
        record Retry(Duration delay) implements Decision {}

        /** Stop and dead-letter the items for {@code reason}. */
        record GiveUp(DropReason reason) implements Decision {}
    }

    /** Whether {@code status} is worth another attempt; also what the circuit breaker counts as a failure. */
    public static boolean retryable(int status) {
        return status == IO_ERROR || status == 408 || status == 429
                || (status >= 500 && status <= 599 && status != 501 && status != 505);
    }

    /**
     * @param status     HTTP status of the attempt that just ended, or {@link #IO_ERROR}
     * @param attempts   attempts made so far (1 after the first)
     * @param elapsed    time since the first attempt started
     * @param retryAfter server's requested pause ({@code Retry-After}/{@code X-Retry-After}), if any
     * @param jitter     a uniform sample in [0, 1)
     */
    public Decision decide(int status, int attempts, Duration elapsed, Optional<Duration> retryAfter, double jitter) {
        if (status >= 200 && status <= 299) {
            return new Decision.Done();
        }
        if (!retryable(status)) {
            return new Decision.GiveUp(status == 413 ? DropReason.TOO_LARGE : DropReason.REJECTED);
        }
        if (attempts >= maxAttempts) {
            return new Decision.GiveUp(DropReason.RETRIES_EXHAUSTED);
        }
        Duration delay = retryAfter.filter(d -> !d.isNegative()).orElseGet(() -> backoff(attempts, jitter));
        if (elapsed.plus(delay).compareTo(maxTotal) > 0) {
            return new Decision.GiveUp(DropReason.RETRIES_EXHAUSTED);
        }
        return new Decision.Retry(delay);
    }

    /** Exponential backoff with "equal jitter": half fixed so retries never bunch at zero, half random. */
    Duration backoff(int attempts, double jitter) {
        long base = baseDelay.toMillis();
        long exp = attempts >= 31 ? Long.MAX_VALUE : base << Math.min(attempts - 1, 30);
        long capped = exp < 0 ? maxDelay.toMillis() : Math.min(exp, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (half * Math.min(Math.max(jitter, 0), 0.999999)));
    }
}
