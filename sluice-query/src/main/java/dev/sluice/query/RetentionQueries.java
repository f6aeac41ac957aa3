package dev.sluice.query;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.MarkedEvents;
import dev.sluice.store.DataFamily;
import dev.sluice.store.Dialect;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Retention settings, what a purge would delete, and how old the oldest kept row is. */
public final class RetentionQueries {

    private final Store store;
    private final MarkedEvents events;

    private RetentionQueries(Store store, Optional<AnalyticsReplica> replica) {
        this.store = store;
        this.events = MarkedEvents.create(store, replica);
    }

    /** Over the row store alone: on SQLite the analytics family's cutoff, dry run and oldest row scan its table. */
    public static RetentionQueries create(Store store) {
        return new RetentionQueries(store, Optional.empty());
    }

    /**
     * Helped by this node's analytics replica: on SQLite (no time index on analytics events since V230) the
     * analytics family's size-cap cutoff, dry run and oldest row come from the replica's positions up to its
     * mark, re-checked by primary key, plus the rows above the mark ({@link MarkedEvents}); when the replica
     * cannot answer, the table is scanned as without one.
     */
    public static RetentionQueries create(Store store, Optional<AnalyticsReplica> replica) {
        return new RetentionQueries(store, replica);
    }

    /** What a project keeps of one family: days, and at most {@code maxBytes} (0: no size cap). */
    public record Limit(int days, long maxBytes) {
    }

    /** Days kept per family in {@code project} (the default where nothing is set). */
    public Map<DataFamily, Integer> days(ProjectId project) {
        Map<DataFamily, Integer> out = new EnumMap<>(DataFamily.class);
        limits(project).forEach((f, l) -> out.put(f, l.days()));
        return out;
    }

    /**
     * Days and size cap per family in {@code project} (the defaults where nothing is set). Dedupe keys have no
     * setting: they are kept as long as the longest-kept family they guard, at least
     * {@link DataFamily#DEDUPE_FLOOR_DAYS}, and never capped by size.
     */
    public Map<DataFamily, Limit> limits(ProjectId project) {
        Map<DataFamily, Limit> out = new EnumMap<>(DataFamily.class);
        for (DataFamily f : DataFamily.values()) {
            out.put(f, new Limit(DataFamily.DEFAULT_DAYS, DataFamily.DEFAULT_MAX_BYTES));
        }
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT family, days, max_bytes FROM retention_settings WHERE project_id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        java.util.Optional<DataFamily> f = DataFamily.byId(rs.getString(1));
                        if (f.isPresent() && f.get().settable()) {
                            out.put(f.get(), new Limit(rs.getInt(2), rs.getLong(3)));
                        }
                    }
                }
                int keys = out.entrySet().stream().filter(e -> e.getKey().resendKeyed())
                        .mapToInt(e -> e.getValue().days()).reduce(DataFamily.DEDUPE_FLOOR_DAYS, Math::max);
                out.put(DataFamily.DEDUPE_KEYS, new Limit(keys, 0));
                return out;
            }
        });
    }

    /** Rows of {@code family} in {@code project}. */
    public long rows(ProjectId project, DataFamily family) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + family.table()
                    + " WHERE project_id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Estimated bytes one row of {@code family} in {@code project} takes, indexes included: SQLite, the used
     * bytes of the family's {@code dbstat} pages over its rows; PostgreSQL,
     * the average {@code pg_column_size} of the project's newest 1,000 rows scaled by the family's total
     * relation size (indexes, TOAST, spans) over its table's — the relation sizes alone do not shrink after a
     * delete, so they would overstate a purged table. Empty when nothing can be measured.
     */
    public java.util.OptionalDouble rowBytes(ProjectId project, DataFamily family) {
        if (store.dialect() == Dialect.SQLITE) {
            // The used part of each page: a purge leaves pages part-empty, and counting them whole would make
            // every row look bigger after each run.
            OptionalLong b = bytes(family, "pgsize - unused");
            long n = store.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + family.table());
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            return b.isEmpty() || n == 0 ? java.util.OptionalDouble.empty()
                    : java.util.OptionalDouble.of((double) b.getAsLong() / n);
        }
        String order = family.timeColumn().orElse("id");
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT AVG(pg_column_size(t.*)), "
                    + "pg_total_relation_size(to_regclass(?))" + (family == DataFamily.TRANSACTIONS
                    ? " + pg_total_relation_size(to_regclass('spans'))" : "") + ", pg_relation_size(to_regclass(?)) "
                    + "FROM (SELECT * FROM " + family.table() + " WHERE project_id = ? ORDER BY " + order
                    + " DESC LIMIT 1000) t")) {
                ps.setString(1, family.table());
                ps.setString(2, family.table());
                ps.setString(3, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    double avg = rs.getDouble(1);
                    if (rs.wasNull()) {
                        return java.util.OptionalDouble.empty();
                    }
                    long total = rs.getLong(2);
                    long heap = rs.getLong(3);
                    return java.util.OptionalDouble.of(avg * (heap > 0 ? Math.max(1.0, (double) total / heap) : 1.0));
                }
            }
        });
    }

    /**
     * The cutoff (exclusive, epoch millis) that removes at least the {@code n} oldest rows of {@code family}
     * in {@code project}: one past the arrival (analytics: occurrence) of the n-th oldest. Rows arriving in the
     * same millisecond go with it.
     */
    public OptionalLong cutoffRemoving(ProjectId project, DataFamily family, long n) {
        if (n <= 0) {
            return OptionalLong.empty();
        }
        if (family == DataFamily.ANALYTICS_EVENTS) {
            Optional<OptionalLong> marked = events.nthOldest(project, n);
            if (marked.isPresent()) {
                return marked.get();
            }
        }
        boolean timed = family.timeColumn().isPresent();
        String column = family.timeColumn().orElse("id");
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + family.table()
                    + " WHERE project_id = ? ORDER BY " + column + " LIMIT 1 OFFSET ?")) {
                ps.setString(1, project.value());
                ps.setLong(2, n - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalLong.empty();
                    }
                    long at = timed ? rs.getLong(1) : UUID.fromString(rs.getString(1)).getMostSignificantBits() >>> 16;
                    return OptionalLong.of(at + 1);
                }
            }
        });
    }

    /** Rows of {@code family} in {@code project} a purge at {@code cutoffMillis} would delete (the dry run). */
    public long wouldDelete(ProjectId project, DataFamily family, long cutoffMillis) {
        if (family == DataFamily.ANALYTICS_EVENTS) {
            Optional<Long> marked = events.countBefore(project, cutoffMillis);
            if (marked.isPresent()) {
                return marked.get();
            }
        }
        String floor = new UUID(cutoffMillis << 16, 0).toString();
        String sql = switch (family) {
            case ERROR_EVENTS -> "SELECT COALESCE(SUM(CASE WHEN n > " + dev.sluice.store.RetentionWrites.SAMPLE_PER_ISSUE
                    + " THEN n - " + dev.sluice.store.RetentionWrites.SAMPLE_PER_ISSUE + " ELSE 0 END), 0) FROM "
                    + "(SELECT issue_id, COUNT(*) n FROM error_events WHERE project_id = ? AND id < ? GROUP BY issue_id) x";
            default -> "SELECT COUNT(*) FROM " + family.table() + " WHERE project_id = ? AND "
                    + family.timeColumn().orElse("id") + " < ?";
        };
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project.value());
                if (family.timeColumn().isPresent()) {
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

    /** When the oldest kept row of {@code family} (any project) arrived (or, for timed families, its time). */
    public OptionalLong oldest(DataFamily family) {
        if (family == DataFamily.ANALYTICS_EVENTS) {
            Optional<OptionalLong> marked = events.oldest();
            if (marked.isPresent()) {
                return marked.get();
            }
        }
        return store.read(c -> {
            // SQLite has no index on dedupe_keys.created_at; the first row by rowid (insertion order) is the oldest.
            String sql = family == DataFamily.DEDUPE_KEYS && store.dialect() == Dialect.SQLITE
                    ? "SELECT created_at FROM dedupe_keys ORDER BY rowid LIMIT 1"
                    : "SELECT MIN(" + family.timeColumn().orElse("id") + ") FROM " + family.table();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (family.timeColumn().isPresent()) {
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
        return bytes(family, "pgsize");
    }

    /** SQLite: {@code sum} is the dbstat expression summed (all of each page, or only its used part). */
    private OptionalLong bytes(DataFamily family, String sum) {
        return store.read(c -> {
            String sql = store.dialect() == Dialect.POSTGRESQL
                    ? "SELECT pg_total_relation_size(to_regclass(?))" + (family == DataFamily.TRANSACTIONS
                    ? " + pg_total_relation_size(to_regclass('spans'))" : "")
                    : "SELECT SUM(" + sum + ") FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master "
                    + "WHERE tbl_name = ?" + (family == DataFamily.TRANSACTIONS ? " OR tbl_name = 'spans'" : "") + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, family.table());
                if (store.dialect() == Dialect.SQLITE) {
                    ps.setString(2, family.table());
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
}
