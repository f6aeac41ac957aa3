package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.DataFamily;
import dev.sluice.store.Dialect;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/** Retention settings, what a purge would delete, and how old the oldest kept row is. */
public final class RetentionQueries {

    private final Store store;

    private RetentionQueries(Store store) {
        this.store = store;
    }

    public static RetentionQueries create(Store store) {
        return new RetentionQueries(store);
    }

    /** Days kept per family in {@code project} (the default where nothing is set). */
    public Map<DataFamily, Integer> days(ProjectId project) {
        Map<DataFamily, Integer> out = new EnumMap<>(DataFamily.class);
        for (DataFamily f : DataFamily.values()) {
            out.put(f, DataFamily.DEFAULT_DAYS);
        }
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT family, days FROM retention_settings WHERE project_id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DataFamily.byId(rs.getString(1)).ifPresent(f -> {
                            try {
                                out.put(f, rs.getInt(2));
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }
                }
                return null;
            }
        });
        return out;
    }

    /** Rows of {@code family} in {@code project} a purge at {@code cutoffMillis} would delete (the dry run). */
    public long wouldDelete(ProjectId project, DataFamily family, long cutoffMillis) {
        String floor = new UUID(cutoffMillis << 16, 0).toString();
        String sql = switch (family) {
            case ERROR_EVENTS -> "SELECT COALESCE(SUM(CASE WHEN n > " + dev.sluice.store.RetentionWrites.SAMPLE_PER_ISSUE
                    + " THEN n - " + dev.sluice.store.RetentionWrites.SAMPLE_PER_ISSUE + " ELSE 0 END), 0) FROM "
                    + "(SELECT issue_id, COUNT(*) n FROM error_events WHERE project_id = ? AND id < ? GROUP BY issue_id) x";
            case ANALYTICS_EVENTS -> "SELECT COUNT(*) FROM analytics_events WHERE project_id = ? AND occurred_at < ?";
            default -> "SELECT COUNT(*) FROM " + table(family) + " WHERE project_id = ? AND id < ?";
        };
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project.value());
                if (family == DataFamily.ANALYTICS_EVENTS) {
                    ps.setLong(2, cutoffMillis);
                } else {
                    ps.setString(2, floor);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** When the oldest kept row of {@code family} (any project) arrived (occurred, for analytics events). */
    public OptionalLong oldest(DataFamily family) {
        return store.read(c -> {
            String sql = family == DataFamily.ANALYTICS_EVENTS ? "SELECT MIN(occurred_at) FROM analytics_events"
                    : "SELECT MIN(id) FROM " + table(family);
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (family == DataFamily.ANALYTICS_EVENTS) {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                }
                String id = rs.getString(1);
                return id == null ? OptionalLong.empty()
                        : OptionalLong.of(UUID.fromString(id).getMostSignificantBits() >>> 16);
            }
        });
    }

    /**
     * Approximate bytes of {@code family}: PostgreSQL's {@code pg_total_relation_size} of its table (with
     * indexes and TOAST; spans added to transactions); on SQLite the sum of the {@code dbstat} page sizes of
     * the table and its indexes, or empty when that virtual table is not compiled in.
     */
    public OptionalLong bytes(DataFamily family) {
        return store.read(c -> {
            String sql = store.dialect() == Dialect.POSTGRESQL
                    ? "SELECT pg_total_relation_size(to_regclass(?))" + (family == DataFamily.TRANSACTIONS
                    ? " + pg_total_relation_size(to_regclass('spans'))" : "")
                    : "SELECT SUM(pgsize) FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master "
                    + "WHERE tbl_name = ?" + (family == DataFamily.TRANSACTIONS ? " OR tbl_name = 'spans'" : "") + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, table(family));
                if (store.dialect() == Dialect.SQLITE) {
                    ps.setString(2, table(family));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                }
            } catch (java.sql.SQLException e) {
                return OptionalLong.empty();
            }
        });
    }

    private static String table(DataFamily f) {
        return switch (f) {
            case ERROR_EVENTS -> "error_events";
            case TRANSACTIONS -> "transactions";
            case AI_GENERATIONS -> "ai_generations";
            case JOB_EVENTS -> "job_events";
            case QUEUE_SNAPSHOTS -> "job_queue_snapshots";
            case ANALYTICS_EVENTS -> "analytics_events";
            case LOGS -> "log_records";
        };
    }
}
