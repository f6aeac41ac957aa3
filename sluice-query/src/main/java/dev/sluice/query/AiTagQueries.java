package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Dialect;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * LLM usage broken down by the value of one tag (e.g. {@code feature}, {@code customer}): what each feature
 * costs, how many tokens it burns, how slow and how often it fails. Generations without the tag form one row
 * with an empty value.
 */
public final class AiTagQueries {

    /** Tag names that may be asked for: they become part of a JSON path, so only plain names pass. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final int MAX_ROWS = 500_000;

    private final Store store;

    private AiTagQueries(Store store) {
        this.store = store;
    }

    public static AiTagQueries create(Store store) {
        return new AiTagQueries(store);
    }

    /**
     * One tag value's usage.
     *
     * @param value the tag's value; empty for generations without the tag
     */
    public record TagUsage(Optional<String> value, long generations, long inputTokens, long outputTokens,
                           double costUsd, long unpriced, long errors, OptionalDouble p50Ms, OptionalDouble p95Ms,
                           OptionalDouble ttftP95Ms) {
    }

    /** Usage in [{@code from}, {@code to}) by the value of tag {@code tag}, costliest first. */
    public List<TagUsage> byTag(ProjectId project, String tag, Instant from, Instant to) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag must be 1-64 letters, digits or _ . : -");
        }
        String value = store.dialect() == Dialect.POSTGRESQL
                ? "(CAST(detail AS jsonb) -> 'tags' ->> ?)" : "json_extract(detail, ?)";
        String param = store.dialect() == Dialect.POSTGRESQL ? tag : "$.tags.\"" + tag + "\"";
        java.util.Map<String, Acc> acc = new java.util.LinkedHashMap<>();
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + value + ", input_tokens, output_tokens, "
                    + "total_cost_usd, latency_ms, time_to_first_token_ms, status FROM ai_generations "
                    + "WHERE project_id = ? AND occurred_at >= ? AND occurred_at < ? LIMIT " + MAX_ROWS)) {
                ps.setString(1, param);
                ps.setString(2, project.value());
                ps.setLong(3, from.toEpochMilli());
                ps.setLong(4, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String v = rs.getString(1);
                        Acc a = acc.computeIfAbsent(v == null ? "" : v, k -> new Acc());
                        a.generations++;
                        a.input += rs.getLong(2);
                        a.output += rs.getLong(3);
                        double cost = rs.getDouble(4);
                        if (rs.wasNull()) {
                            a.unpriced++;
                        } else {
                            a.cost += cost;
                        }
                        long latency = rs.getLong(5);
                        if (!rs.wasNull()) {
                            a.latency.add((double) latency);
                        }
                        long ttft = rs.getLong(6);
                        if (!rs.wasNull()) {
                            a.ttft.add((double) ttft);
                        }
                        String status = rs.getString(7);
                        if (!"ok".equals(status) && !"success".equals(status)) {
                            a.errors++;
                        }
                    }
                }
            }
            return null;
        });
        List<TagUsage> out = new ArrayList<>();
        acc.forEach((v, a) -> {
            double[] l = a.latency.stream().mapToDouble(Double::doubleValue).toArray();
            double[] t = a.ttft.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new TagUsage(v.isEmpty() ? Optional.empty() : Optional.of(v), a.generations, a.input, a.output,
                    a.cost, a.unpriced, a.errors, Percentiles.nearestRank(l, 50), Percentiles.nearestRank(l, 95),
                    Percentiles.nearestRank(t, 95)));
        });
        out.sort(java.util.Comparator.comparingDouble(TagUsage::costUsd).reversed()
                .thenComparing(u -> u.value().orElse("\uffff")));
        return out;
    }

    private static final class Acc {
        long generations;
        long input;
        long output;
        double cost;
        long unpriced;
        long errors;
        final List<Double> latency = new ArrayList<>();
        final List<Double> ttft = new ArrayList<>();
    }
}
