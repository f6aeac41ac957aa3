package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
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

/** Transactions grouped by name: how many, how slow, how often they fail. */
public final class TransactionStats {

    /** Durations read per range at most; beyond it the percentiles describe the newest transactions. */
    static final int MAX_ROWS = 500_000;

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
        record Acc(List<Double> durations, long[] errors, long[] last) {
        }
        Map<String, Acc> acc = new LinkedHashMap<>();
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, duration_ms, status, occurred_at "
                    + "FROM transactions WHERE project_id = ? AND occurred_at >= ? AND occurred_at < ? "
                    + "ORDER BY occurred_at DESC LIMIT ?")) {
                ps.setString(1, project.value());
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                ps.setInt(4, MAX_ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc a = acc.computeIfAbsent(rs.getString(1),
                                k -> new Acc(new ArrayList<>(), new long[1], new long[1]));
                        a.durations().add(rs.getDouble(2));
                        if (!"ok".equals(rs.getString(3))) {
                            a.errors()[0]++;
                        }
                        a.last()[0] = Math.max(a.last()[0], rs.getLong(4));
                    }
                }
            }
            return null;
        });
        List<NameStats> out = new ArrayList<>();
        acc.forEach((name, a) -> {
            double[] d = a.durations().stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new NameStats(name, d.length, Percentiles.nearestRank(d, 50), Percentiles.nearestRank(d, 95),
                    Percentiles.nearestRank(d, 99), (double) a.errors()[0] / d.length, a.last()[0]));
        });
        out.sort(Comparator.comparingLong(NameStats::count).reversed().thenComparing(NameStats::name));
        return out;
    }
}
