package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.Store;
import dev.sluice.store.TaskReads;
import dev.sluice.store.TaskSettings;
import dev.sluice.store.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tasks, their statuses and the project's task settings. */
public final class TaskQueries {

    private final Store store;

    private TaskQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static TaskQueries create(Store store) {
        return new TaskQueries(store);
    }

    /** Filters for {@link #list}; empty means any. */
    public record Filter(Optional<Long> statusId, Optional<String> severity, Optional<String> assignee) {
    }

    public TaskSettings settings(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT default_status_id, closed_behavior, "
                    + "reopen_window_days, rate_per_minute FROM task_settings WHERE project_id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("project has no task settings");
                    }
                    return new TaskSettings(project, rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4));
                }
            }
        });
    }

    public List<TaskStatus> statuses(ProjectId project) {
        return store.read(c -> TaskReads.statuses(c, project));
    }

    public List<String> members(ProjectId project) {
        return store.read(c -> TaskReads.members(c, project));
    }

    /** Tasks of {@code project}, newest first. */
    public Page<TaskView> list(ProjectId project, Filter filter, Optional<String> cursor, int limit) {
        int n = Rows.limit(limit);
        Optional<Cursors.Position> after = Cursors.decode(cursor);
        StringBuilder where = new StringBuilder(" WHERE t.project_id = ?");
        List<Object> args = new ArrayList<>(List.of(project.value()));
        filter.statusId().ifPresent(s -> {
            where.append(" AND t.status_id = ?");
            args.add(s);
        });
        filter.severity().ifPresent(s -> {
            where.append(" AND t.severity = ?");
            args.add(s);
        });
        filter.assignee().ifPresent(a -> {
            // Assignees are a JSON array of quoted addresses; the quotes make the match exact.
            where.append(" AND t.assignees LIKE ? ESCAPE '!'");
            String literal = a.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
            args.add("%\"" + literal + "\"%");
        });
        after.ifPresent(p -> {
            where.append(" AND t.id < ?");
            args.add(p.sortValue());
        });
        List<TaskView> rows = store.read(c -> views(c, where + " ORDER BY t.id DESC LIMIT ?", args, n + 1));
        return IssueQueries.page(rows, n, last -> Cursors.encode(last.id(), ""));
    }

    /** One task of {@code project}. */
    public Optional<TaskView> get(ProjectId project, long id) {
        return store.read(c -> views(c, " WHERE t.project_id = ? AND t.id = ?", List.of(project.value(), id), 1))
                .stream().findFirst();
    }

    private static List<TaskView> views(Connection c, String whereAndOrder, List<Object> args, int limit)
            throws SQLException {
        String sql = "SELECT t.*, s.name AS status_name, "
                + "(SELECT COALESCE(SUM(d.occurrence_count), 0) FROM task_dedupe d WHERE d.task_id = t.id) AS occ, "
                + "(SELECT MIN(d.first_seen) FROM task_dedupe d WHERE d.task_id = t.id) AS first_seen, "
                + "(SELECT MAX(d.last_seen) FROM task_dedupe d WHERE d.task_id = t.id) AS last_seen "
                + "FROM tasks t JOIN task_statuses s ON s.id = t.status_id" + whereAndOrder
                + (whereAndOrder.contains("LIMIT") ? "" : " LIMIT ?");
        List<TaskView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object arg : args) {
                ps.setObject(i++, arg);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long occurrences = rs.getLong("occ");
                    long first = rs.getLong("first_seen");
                    Optional<Long> firstSeen = rs.wasNull() ? Optional.empty() : Optional.of(first);
                    long last = rs.getLong("last_seen");
                    Optional<Long> lastSeen = rs.wasNull() ? Optional.empty() : Optional.of(last);
                    out.add(new TaskView(rs.getLong("id"), rs.getString("title"), Rows.optional(rs, "description"),
                            Rows.optional(rs, "description_html"), rs.getLong("status_id"),
                            rs.getString("status_name"), rs.getLong("priority"), rs.getString("severity"),
                            rs.getString("source"), rs.getString("assignees"), Rows.optional(rs, "custom_fields"),
                            rs.getLong("created_at"), rs.getLong("updated_at"), Math.max(1, occurrences),
                            firstSeen, lastSeen, Optional.empty(), List.of()));
                }
            }
        }
        return withDedupe(c, out);
    }

    /** Adds dedupe keys and the newest metadata. */
    private static List<TaskView> withDedupe(Connection c, List<TaskView> tasks) throws SQLException {
        List<TaskView> out = new ArrayList<>(tasks.size());
        for (TaskView t : tasks) {
            List<String> keys = new ArrayList<>();
            Optional<String> metadata = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT dedupe_key, metadata FROM task_dedupe WHERE task_id = ? ORDER BY id DESC")) {
                ps.setLong(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                        if (metadata.isEmpty()) {
                            metadata = Optional.ofNullable(rs.getString(2));
                        }
                    }
                }
            }
            out.add(new TaskView(t.id(), t.title(), t.description(), t.descriptionHtml(), t.statusId(), t.status(),
                    t.priority(), t.severity(), t.source(), t.assigneesJson(), t.customFieldsJson(), t.createdAt(),
                    t.updatedAt(), t.occurrenceCount(), t.firstSeen(), t.lastSeen(), metadata, keys));
        }
        return out;
    }
}
