package dev.sluice.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * A project's job-telemetry settings.
 *
 * @param planTier {@code free}, {@code starter}, {@code pro} or {@code enterprise}; lineage needs starter
 * @param monthlyQuota stored live task events per UTC month before ingest answers 402
 * @param ratePerMinute requests per minute for the whole project (TraceStax: 500 per workspace)
 * @param heartbeatIntervalSeconds the interval workers are expected to beat at
 * @param staleAfterMissed a worker is stale after this many missed intervals
 * @param pauseIngest the heartbeat directive telling SDKs to pause flushing
 * @param pauseUntilMs the end of that pause, epoch ms
 */
public record JobSettings(String planTier, long monthlyQuota, long ratePerMinute, long heartbeatIntervalSeconds,
                          int staleAfterMissed, boolean pauseIngest, OptionalLong pauseUntilMs) {

    /** Plan tiers, lowest first. */
    public static final List<String> TIERS = List.of("free", "starter", "pro", "enterprise");

    public JobSettings {
        if (!TIERS.contains(planTier)) {
            throw new IllegalArgumentException("plan_tier must be one of " + TIERS);
        }
        if (monthlyQuota < 0 || ratePerMinute <= 0 || heartbeatIntervalSeconds <= 0 || staleAfterMissed <= 0) {
            throw new IllegalArgumentException("quota must be >= 0; rate, interval and missed count must be > 0");
        }
    }

    /** Generous defaults: the pro plan, 10,000,000 events a month, 500 requests a minute, 3 × 30 s. */
    public static JobSettings defaults() {
        return new JobSettings("pro", 10_000_000L, 500, 30, 3, false, OptionalLong.empty());
    }

    /** Whether the plan includes {@code tier}'s features. */
    public boolean atLeast(String tier) {
        return TIERS.indexOf(planTier) >= TIERS.indexOf(tier);
    }
}
