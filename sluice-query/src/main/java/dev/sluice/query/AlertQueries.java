package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AlertDelivery;
import dev.sluice.store.AlertRule;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Alert rules and the delivery log (the outbox, newest first). */
public final class AlertQueries {

    private static final String RULE_COLUMNS = "id, project_id, name, kind, threshold, window_seconds, task_name, "
            + "channels, channel_count, cooldown_seconds, enabled, created_at";
    private static final String DELIVERY_COLUMNS = "id, project_id, rule_id, channel_index, subject, payload, "
            + "created_at, attempts, delivered_at, failed_at, last_error";

    private final Store store;

    private AlertQueries(Store store) {
        this.store = store;
    }

    public static AlertQueries create(Store store) {
        return new AlertQueries(store);
    }

    /** The rules of {@code project}, oldest first. */
    public List<AlertRule> rules(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RULE_COLUMNS
                    + " FROM alert_rules WHERE project_id = ? ORDER BY created_at, id")) {
                ps.setString(1, project.value());
                return ruleRows(ps);
            }
        });
    }

    /** One rule of {@code project}. */
    public Optional<AlertRule> rule(ProjectId project, String id) {
        return rules(project).stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Deliveries of {@code project}, newest first; optionally of one rule. */
    public Page<AlertDelivery> deliveries(ProjectId project, Optional<String> ruleId, Optional<String> cursor,
                                          int limit) {
        int n = Rows.limit(limit);
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        Sql sql = new Sql().and("project_id = ?", project.value());
        ruleId.ifPresent(r -> sql.and("rule_id = ?", r));
        after.ifPresent(p -> sql.and("id < ?", p.id()));
        List<AlertDelivery> rows = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM alert_outbox WHERE "
                    + sql.where() + " ORDER BY id DESC LIMIT ?")) {
                ps.setInt(sql.bind(ps), n + 1);
                List<AlertDelivery> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long delivered = rs.getLong(9);
                        java.util.OptionalLong d = rs.wasNull() ? java.util.OptionalLong.empty()
                                : java.util.OptionalLong.of(delivered);
                        long failed = rs.getLong(10);
                        java.util.OptionalLong f = rs.wasNull() ? java.util.OptionalLong.empty()
                                : java.util.OptionalLong.of(failed);
                        out.add(new AlertDelivery(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3),
                                rs.getInt(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8), d, f,
                                Optional.ofNullable(rs.getString(11))));
                    }
                }
                return out;
            }
        });
        return IssueQueries.page(rows, n, last -> Cursors.encode(0, last.id()));
    }

    /** Enabled rules of the given kinds in every project (what the scheduler evaluates). */
    public List<AlertRule> enabled(java.util.Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RULE_COLUMNS + " FROM alert_rules WHERE "
                    + "enabled = 1 AND kind IN (" + String.join(", ", kinds.stream().map(k -> "?").toList())
                    + ") ORDER BY id")) {
                int i = 1;
                for (String k : kinds) {
                    ps.setString(i++, k);
                }
                return ruleRows(ps);
            }
        });
    }

    /** Live job runs of a project finished at or after {@code sinceMillis}: how many, and how many failed. */
    public record JobOutcomes(long finished, long failed) {
    }

    /** Finished and failed live runs since {@code sinceMillis}, of one task name or all. */
    public JobOutcomes jobOutcomes(ProjectId project, Optional<String> taskName, long sinceMillis) {
        String failures = String.join(", ", dev.sluice.protocol.JobStatus.FAILURES.stream().sorted()
                .map(f -> "'" + f + "'").toList());
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ("
                    + failures + ") THEN 1 ELSE 0 END), 0) FROM job_runs WHERE project_id = ? AND env = 'live' "
                    + "AND status_phase = 2 AND finished_at >= ?" + (taskName.isPresent() ? " AND task_name = ?" : ""))) {
                ps.setString(1, project.value());
                ps.setLong(2, sinceMillis);
                if (taskName.isPresent()) {
                    ps.setString(3, taskName.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new JobOutcomes(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    /** Whether any delivery is due at {@code nowMillis} (a cheap read before taking the write lock). */
    public boolean anyDue(long nowMillis) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM alert_outbox WHERE next_attempt_at <= ? LIMIT 1")) {
                ps.setLong(1, nowMillis);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static List<AlertRule> ruleRows(PreparedStatement ps) throws java.sql.SQLException {
        List<AlertRule> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AlertRule(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getDouble(5), rs.getLong(6), Optional.ofNullable(rs.getString(7)),
                        rs.getString(8), rs.getInt(9), rs.getLong(10), rs.getInt(11) == 1, rs.getLong(12)));
            }
        }
        return out;
    }
}
