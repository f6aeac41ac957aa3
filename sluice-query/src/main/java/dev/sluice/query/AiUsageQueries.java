package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** AI usage totals per provider and model. */
public final class AiUsageQueries {

    private final Store store;

    private AiUsageQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static AiUsageQueries create(Store store) {
        return new AiUsageQueries(store);
    }

    /** Totals of generations of {@code project} that happened in [{@code from}, {@code to}). */
    public List<UsageRow> totals(ProjectId project, Instant from, Instant to) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT provider, model, COUNT(*), SUM(input_tokens), "
                    + "SUM(output_tokens), SUM(total_tokens), SUM(cached_input_tokens), SUM(cache_write_tokens), "
                    + "COALESCE(SUM(total_cost_usd), 0), COUNT(*) - COUNT(total_cost_usd), "
                    + "AVG(latency_ms) FROM ai_generations "
                    + "WHERE project_id = ? AND occurred_at >= ? AND occurred_at < ? "
                    + "GROUP BY provider, model ORDER BY provider, model")) {
                ps.setString(1, project.value());
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                List<UsageRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double latency = rs.getDouble(11);
                        java.util.OptionalDouble avgLatency = rs.wasNull()
                                ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(latency);
                        out.add(new UsageRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getDouble(9),
                                rs.getLong(10), avgLatency));
                    }
                }
                return out;
            }
        });
    }
}
