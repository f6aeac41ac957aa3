package dev.sluice.web.session;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brute-force throttling of login attempts: a token bucket per client address (5 attempts, one more every
 * 12 s), one per account (the same budget, so many addresses cannot together guess one user's password) and
 * one for all clients together (30 a minute), so neither one address nor many can guess quickly.
 * Only failed attempts are charged.
 */
public final class LoginThrottle {

    private static final int MAX_TRACKED = 50_000;

    private final Map<String, Bucket> perClient = new ConcurrentHashMap<>();
    private final Bucket global = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(30).refillGreedy(30, Duration.ofMinutes(1)).build()).build();

    private LoginThrottle() {
    }

    /** A fresh throttle. */
    public static LoginThrottle create() {
        return new LoginThrottle();
    }

    /** Seconds to wait before {@code client} may try again; empty when it may try now. */
    public OptionalLong retryAfter(String client) {
        return retryAfter(client, java.util.Optional.empty());
    }

    /** Seconds to wait before {@code client} may try again on {@code account}; empty when it may try now. */
    public OptionalLong retryAfter(String client, java.util.Optional<String> account) {
        long wait = Math.max(nanosToWait(bucket("ip:" + client)), nanosToWait(global));
        if (account.isPresent()) {
            wait = Math.max(wait, nanosToWait(bucket("account:" + account.get())));
        }
        return wait == 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(1, Duration.ofNanos(wait).toSeconds()));
    }

    /** Charges one failed attempt of {@code client}. */
    public void failed(String client) {
        failed(client, java.util.Optional.empty());
    }

    /** Charges one failed attempt of {@code client} on {@code account}. */
    public void failed(String client, java.util.Optional<String> account) {
        bucket("ip:" + client).tryConsume(1);
        account.ifPresent(a -> bucket("account:" + a).tryConsume(1));
        global.tryConsume(1);
    }

    private static long nanosToWait(Bucket b) {
        EstimationProbe probe = b.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private Bucket bucket(String client) {
        if (perClient.size() > MAX_TRACKED) {
            perClient.clear(); // a flood of addresses: the global bucket still limits the rate
        }
        return perClient.computeIfAbsent(client, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(5).refillGreedy(1, Duration.ofSeconds(12)).build()).build());
    }
}
