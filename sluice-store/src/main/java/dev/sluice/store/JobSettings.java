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

    /** The stored settings of {@code project}, or the defaults when none were set. */
    public static JobSettings read(java.sql.Connection c, dev.sluice.protocol.ProjectId project)
            throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT plan_tier, monthly_quota, rate_per_minute, "
                + "heartbeat_interval_seconds, stale_after_missed, pause_ingest, pause_until_ms "
                + "FROM job_settings WHERE project_id = ?")) {
            ps.setString(1, project.value());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return defaults();
                }
                long until = rs.getLong(7);
                OptionalLong pauseUntil = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(until);
                return new JobSettings(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6) != 0, pauseUntil);
            }
        }
    }

    /** Whether the plan includes {@code tier}'s features. */
    public boolean atLeast(String tier) {
        return TIERS.indexOf(planTier) >= TIERS.indexOf(tier);
    }
}
