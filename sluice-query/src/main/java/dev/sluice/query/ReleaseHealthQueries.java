package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What SDKs report about the apps they run in and about themselves: release health (sessions per release and
 * environment in a time range, and their crash-free rate) and client reports (items dropped in the SDK).
 */
public final class ReleaseHealthQueries {

    private final Store store;

    private ReleaseHealthQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static ReleaseHealthQueries create(Store store) {
        return new ReleaseHealthQueries(store);
    }

    /**
     * One release in one environment.
     *
     * @param environment empty when the sessions named none
     * @param crashFreeRate {@code 1 - crashed / sessions}, 0–1; empty without sessions
     * @param lastSessionHour the newest started hour with sessions, epoch millis
     */
    public record ReleaseHealth(String release, Optional<String> environment, long sessions, long healthy,
                                long errored, long abnormal, long crashed, OptionalDouble crashFreeRate,
                                long lastSessionHour) {
    }

    /** Releases with sessions started in [{@code fromMillis}, {@code toMillis}), newest first. */
    public List<ReleaseHealth> releases(ProjectId project, long fromMillis, long toMillis, Optional<String> environment,
                                        Optional<String> release) {
        String sql = "SELECT release, environment, SUM(healthy), SUM(errored), SUM(abnormal), SUM(crashed), "
                + "MAX(started_hour) FROM release_health WHERE project_id = ? AND started_hour >= ? AND started_hour < ?"
                + (environment.isPresent() ? " AND environment = ?" : "") + (release.isPresent() ? " AND release = ?" : "")
                + " GROUP BY release, environment ORDER BY MAX(started_hour) DESC, release, environment LIMIT 1000";
        // Buckets are hours: a range starting mid-hour includes that hour.
        long from = fromMillis - Math.floorMod(fromMillis, 3_600_000L);
        return store.read(c -> {
            List<ReleaseHealth> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project.value());
                ps.setLong(i++, from);
                ps.setLong(i++, toMillis);
                if (environment.isPresent()) {
                    ps.setString(i++, environment.get());
                }
                if (release.isPresent()) {
                    ps.setString(i, release.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long healthy = rs.getLong(3);
                        long errored = rs.getLong(4);
                        long abnormal = rs.getLong(5);
                        long crashed = rs.getLong(6);
                        long total = healthy + errored + abnormal + crashed;
                        String env = rs.getString(2);
                        out.add(new ReleaseHealth(rs.getString(1), env.isEmpty() ? Optional.empty() : Optional.of(env),
                                total, healthy, errored, abnormal, crashed, total == 0 ? OptionalDouble.empty()
                                : OptionalDouble.of(1.0 - (double) crashed / total), rs.getLong(7)));
                    }
                }
            }
            return out;
        });
    }

    /** Items SDKs dropped before sending, summed over the UTC days overlapping the range. */
    public record Discarded(String reason, String category, long quantity) {
    }

    /** Client-side drops reported for days in [{@code fromMillis}, {@code toMillis}), most first. */
    public List<Discarded> discarded(ProjectId project, long fromMillis, long toMillis) {
        long from = fromMillis - Math.floorMod(fromMillis, 86_400_000L);
        return store.read(c -> {
            List<Discarded> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT reason, category, SUM(quantity) FROM client_discards "
                    + "WHERE project_id = ? AND day >= ? AND day < ? GROUP BY reason, category "
                    + "ORDER BY SUM(quantity) DESC, reason, category LIMIT 1000")) {
                ps.setString(1, project.value());
                ps.setLong(2, from);
                ps.setLong(3, toMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Discarded(rs.getString(1), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }
}
