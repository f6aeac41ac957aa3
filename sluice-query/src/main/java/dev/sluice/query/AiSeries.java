package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** LLM usage over time and latency per model: what the dashboard's AI page charts. */
public final class AiSeries {

    private final Store store;

    private AiSeries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static AiSeries create(Store store) {
        return new AiSeries(store);
    }

    /** One time bucket: generations, tokens, known cost and failed generations. */
    public record Bucket(long start, long generations, long tokens, double costUsd, long errors) {
    }

    /** Latency and time-to-first-token percentiles of one model, and its failures. */
    public record Latency(String provider, String model, long generations, long errors, OptionalDouble p50Ms,
                          OptionalDouble p95Ms, OptionalDouble ttftP50Ms, OptionalDouble ttftP95Ms) {
    }

    /** Buckets of {@code bucketMillis} covering [{@code from}, {@code to}), oldest first, empty ones included. */
    public List<Bucket> series(ProjectId project, Instant from, Instant to, long bucketMillis) {
        long f = from.toEpochMilli();
        int n = (int) Math.min(1000, Math.max(1, (to.toEpochMilli() - f + bucketMillis - 1) / bucketMillis));
        long[] gens = new long[n];
        long[] tokens = new long[n];
        long[] errors = new long[n];
        double[] cost = new double[n];
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (occurred_at - ?) / ?, COUNT(*), "
                    + "SUM(total_tokens), COALESCE(SUM(total_cost_usd), 0), "
                    + "SUM(CASE WHEN status = 'ok' OR status = 'success' THEN 0 ELSE 1 END) FROM ai_generations "
                    + "WHERE project_id = ? AND occurred_at >= ? AND occurred_at < ? GROUP BY 1")) {
                ps.setLong(1, f);
                ps.setLong(2, bucketMillis);
                ps.setString(3, project.value());
                ps.setLong(4, f);
                ps.setLong(5, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int b = (int) rs.getLong(1);
                        if (b >= 0 && b < n) {
                            gens[b] = rs.getLong(2);
                            tokens[b] = rs.getLong(3);
                            cost[b] = rs.getDouble(4);
                            errors[b] = rs.getLong(5);
                        }
                    }
                }
            }
            return null;
        });
        List<Bucket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Bucket(f + i * bucketMillis, gens[i], tokens[i], cost[i], errors[i]));
        }
        return out;
    }

    /** Per provider and model in [{@code from}, {@code to}): latency and TTFT percentiles, failures. */
    public List<Latency> latency(ProjectId project, Instant from, Instant to) {
        record Acc(List<Double> latency, List<Double> ttft, long[] counts) {
        }
        Map<String, Acc> acc = new LinkedHashMap<>();
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT provider, model, latency_ms, "
                    + "time_to_first_token_ms, status FROM ai_generations WHERE project_id = ? AND occurred_at >= ? "
                    + "AND occurred_at < ? ORDER BY provider, model LIMIT 500000")) {
                ps.setString(1, project.value());
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc a = acc.computeIfAbsent(rs.getString(1) + "\u001f" + rs.getString(2),
                                k -> new Acc(new ArrayList<>(), new ArrayList<>(), new long[2]));
                        long latency = rs.getLong(3);
                        if (!rs.wasNull()) {
                            a.latency().add((double) latency);
                        }
                        long ttft = rs.getLong(4);
                        if (!rs.wasNull()) {
                            a.ttft().add((double) ttft);
                        }
                        a.counts()[0]++;
                        String status = rs.getString(5);
                        if (!"ok".equals(status) && !"success".equals(status)) {
                            a.counts()[1]++;
                        }
                    }
                }
            }
            return null;
        });
        List<Latency> out = new ArrayList<>();
        acc.forEach((key, a) -> {
            String[] pm = key.split("\u001f", 2);
            double[] l = a.latency().stream().mapToDouble(Double::doubleValue).toArray();
            double[] t = a.ttft().stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new Latency(pm[0], pm[1], a.counts()[0], a.counts()[1], Percentiles.nearestRank(l, 50),
                    Percentiles.nearestRank(l, 95), Percentiles.nearestRank(t, 50), Percentiles.nearestRank(t, 95)));
        });
        return out;
    }
}
