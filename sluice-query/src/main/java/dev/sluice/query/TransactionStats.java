package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.DurationBuckets;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Transactions grouped by name: how many, how slow, how often they fail. Read from the per-name, per-hour
 * counts and duration histograms the digest keeps at commit time, so the cost grows with names × hours ×
 * buckets, not with the number of transactions. Percentiles are nearest-rank over the histogram: the rank is
 * exact, the value within {@link DurationBuckets#ALPHA} (1 %) relative of the exact one. A range is widened to
 * whole hours at its start.
 */
public final class TransactionStats {

    static final long HOUR = 3_600_000L;

    private final Store store;

    private TransactionStats(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static TransactionStats create(Store store) {
        return new TransactionStats(store);
    }

    /**
     * One transaction name in a range.
     *
     * @param errorRate transactions whose status is not {@code ok} / all
     */
    public record NameStats(String name, long count, OptionalDouble p50Ms, OptionalDouble p95Ms,
                            OptionalDouble p99Ms, double errorRate, long lastSeen) {
    }

    /** Every name with transactions in [{@code from}, {@code to}), busiest first. */
    public List<NameStats> byName(ProjectId project, Instant from, Instant to) {
        long start = Math.floorDiv(from.toEpochMilli(), HOUR) * HOUR;
        long end = to.toEpochMilli();
        record Totals(long count, long errors, long last) {
        }
        Map<String, Totals> totals = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Long>> histograms = new LinkedHashMap<>();
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, SUM(tx_count), SUM(error_count), "
                    + "MAX(last_seen) FROM transaction_hours WHERE project_id = ? AND hour >= ? AND hour < ? "
                    + "GROUP BY name")) {
                bind(ps, project, start, end);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        totals.put(rs.getString(1), new Totals(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name, bucket, SUM(tx_count) FROM "
                    + "transaction_duration_buckets WHERE project_id = ? AND hour >= ? AND hour < ? "
                    + "GROUP BY name, bucket")) {
                bind(ps, project, start, end);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        histograms.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                                .merge(rs.getInt(2), rs.getLong(3), Long::sum);
                    }
                }
            }
            return null;
        });
        List<NameStats> out = new ArrayList<>();
        totals.forEach((name, t) -> {
            TreeMap<Integer, Long> h = histograms.getOrDefault(name, new TreeMap<>());
            out.add(new NameStats(name, t.count(), percentile(h, 50), percentile(h, 95), percentile(h, 99),
                    t.count() == 0 ? 0 : (double) t.errors() / t.count(), t.last()));
        });
        out.sort(Comparator.comparingLong(NameStats::count).reversed().thenComparing(NameStats::name));
        return out;
    }

    /** Nearest rank over bucket counts: the bucket holding the ⌈p·n/100⌉-th smallest duration. */
    static OptionalDouble percentile(TreeMap<Integer, Long> histogram, double p) {
        long n = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return OptionalDouble.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(p * n / 100.0));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return OptionalDouble.of(DurationBuckets.value(e.getKey()));
            }
        }
        return OptionalDouble.of(DurationBuckets.value(histogram.lastKey()));
    }

    private static void bind(PreparedStatement ps, ProjectId project, long start, long end)
            throws java.sql.SQLException {
        ps.setString(1, project.value());
        ps.setLong(2, start);
        ps.setLong(3, end);
    }
}
