package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The SQL of issue filters and the lifecycle columns. */
final class IssueSql {

    private IssueSql() {
    }

    /** Conditions on issues aliased {@code i}. */
    static Sql where(Dialect dialect, ProjectId project, IssueFilter f, long now) {
        Sql sql = new Sql().and("i.project_id = ?", project.value()).and("i.merged_into IS NULL");
        if (!f.statuses().isEmpty()) {
            List<String> any = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            for (String s : f.statuses()) {
                switch (s) {
                    case "unresolved" -> {
                        any.add("i.status = 'unresolved' OR (i.status = 'ignored' AND i.ignore_until <= ?)");
                        args.add(now);
                    }
                    case "ignored" -> {
                        any.add("(i.status = 'ignored' AND (i.ignore_until IS NULL OR i.ignore_until > ?))");
                        args.add(now);
                    }
                    case "resolved" -> any.add("i.status = 'resolved'");
                    case "regressed" -> any.add("(i.status = 'unresolved' AND i.substatus = 'regressed')");
                    case "escalating" -> any.add("(i.status = 'unresolved' AND i.substatus = 'escalating')");
                    default -> throw new IllegalArgumentException("unknown status " + s);
                }
            }
            sql.and("(" + String.join(" OR ", any) + ")", args.toArray());
        }
        if (!f.levels().isEmpty()) {
            sql.and("i.level IN (" + String.join(", ", f.levels().stream().map(l -> "?").toList()) + ")",
                    f.levels().toArray());
        }
        f.environment().ifPresent(e -> sql.and("i.id IN (SELECT issue_id FROM issue_facets WHERE kind = 'environment' "
                + "AND value = ?)", e));
        f.release().ifPresent(r -> sql.and("i.id IN (SELECT issue_id FROM issue_facets WHERE kind = 'release' "
                + "AND value = ?)", r));
        f.firstSeenFrom().ifPresent(t -> sql.and("i.first_seen >= ?", t.toEpochMilli()));
        f.firstSeenTo().ifPresent(t -> sql.and("i.first_seen < ?", t.toEpochMilli()));
        f.lastSeenFrom().ifPresent(t -> sql.and("i.last_seen >= ?", t.toEpochMilli()));
        f.lastSeenTo().ifPresent(t -> sql.and("i.last_seen < ?", t.toEpochMilli()));
        f.query().ifPresent(q -> sql.and(Search.clause(dialect), Search.argument(dialect, q)));
        return sql;
    }

    static IssueSummary.Lifecycle lifecycle(ResultSet rs, long now) throws SQLException {
        OptionalLong ignoreUntil = optionalLong(rs, "ignore_until");
        String status = rs.getString("status");
        if (status.equals("ignored") && ignoreUntil.isPresent() && ignoreUntil.getAsLong() <= now) {
            status = "unresolved";
        }
        return new IssueSummary.Lifecycle(status, Rows.optional(rs, "substatus"), optionalLong(rs, "status_changed_at"),
                Rows.optional(rs, "resolved_in_release"), ignoreUntil, optionalLong(rs, "ignore_until_count"),
                optionalLong(rs, "ignore_user_count"), rs.getLong("ignore_users_seen"), optionalLong(rs, "regressed_at"),
                rs.getInt("times_regressed"), Optional.ofNullable(rs.getString("merged_into")));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
