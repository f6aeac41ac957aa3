package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.TaskRecords.Dedupe;
import dev.sluice.store.TaskRecords.Intake;
import dev.sluice.store.TaskRecords.IntakeIdentity;
import dev.sluice.store.TaskRecords.NewDedupe;
import dev.sluice.store.TaskRecords.NewTask;
import dev.sluice.store.TaskRecords.TaskChange;
import dev.sluice.store.TaskRecords.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** {@link TaskWrites} over one JDBC connection inside a transaction. */
final class JdbcTaskWrites implements TaskWrites {

    private final Connection c;
    private final StatementCache statements;

    JdbcTaskWrites(Connection connection, StatementCache statements) {
        this.c = connection;
        this.statements = statements;
    }

    /** Reserves {@code count} numbers of the sequence {@code name}; answers the last one. */
    static long nextCounter(Connection c, String name, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE counters SET value = value + ? WHERE name = ? RETURNING value")) {
            ps.setInt(1, count);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("missing counter " + name);
                }
                return rs.getLong(1);
            }
        }
    }

    /** The default statuses (open, in_progress, closed) and settings of a new project. */
    static void createDefaults(Connection c, ProjectId project) throws SQLException {
        long last = nextCounter(c, "task_status", 3);
        String[] names = {"open", "in_progress", "closed"};
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO task_statuses (id, project_id, name, terminal, position) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 3; i++) {
                ps.setLong(1, last - 2 + i);
                ps.setString(2, project.value());
                ps.setString(3, names[i]);
                ps.setInt(4, i == 2 ? 1 : 0);
                ps.setInt(5, i + 1);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_settings (project_id, default_status_id, "
                + "closed_behavior, reopen_window_days, rate_per_minute) VALUES (?, ?, 'reopen', 7, 100)")) {
            ps.setString(1, project.value());
            ps.setLong(2, last - 2);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Intake> findIntake(IntakeIdentity id) {
        return query("SELECT id, state, created, task_id, occurrence_count FROM intake_events WHERE project_id = ? "
                + "AND channel = ? AND source_key = ? AND idempotency_key = ?", ps -> {
                    ps.setString(1, id.project().value());
                    ps.setString(2, id.channel());
                    ps.setString(3, id.sourceKey());
                    ps.setString(4, id.idempotencyKey());
                }, rs -> new Intake(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, optionalLong(rs, 4),
                        optionalLong(rs, 5)));
    }

    @Override
    public void insertIntake(IntakeIdentity id, Intake intake, long receivedAt) {
        update("INSERT INTO intake_events (id, project_id, channel, source_key, idempotency_key, state, created, "
                + "task_id, occurrence_count, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, intake.id());
                    ps.setString(2, id.project().value());
                    ps.setString(3, text(id.channel()));
                    ps.setString(4, text(id.sourceKey()));
                    ps.setString(5, text(id.idempotencyKey()));
                    ps.setString(6, intake.state());
                    ps.setInt(7, intake.created() ? 1 : 0);
                    setLong(ps, 8, intake.taskId());
                    setLong(ps, 9, intake.occurrenceCount());
                    ps.setLong(10, receivedAt);
                });
    }

    @Override
    public TaskSettings settings(ProjectId project) {
        return query("SELECT default_status_id, closed_behavior, reopen_window_days, rate_per_minute "
                + "FROM task_settings WHERE project_id = ?", ps -> ps.setString(1, project.value()),
                rs -> new TaskSettings(project, rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4)))
                .orElseThrow(() -> new StoreException("project has no task settings: " + project));
    }

    @Override
    public void putSettings(TaskSettings s) {
        update("UPDATE task_settings SET default_status_id = ?, closed_behavior = ?, reopen_window_days = ?, "
                + "rate_per_minute = ? WHERE project_id = ?", ps -> {
                    ps.setLong(1, s.defaultStatusId());
                    ps.setString(2, s.closedBehavior());
                    ps.setInt(3, s.reopenWindowDays());
                    ps.setInt(4, s.ratePerMinute());
                    ps.setString(5, s.project().value());
                });
    }

    @Override
    public List<TaskStatus> statuses(ProjectId project) {
        return TaskReads.statuses(c, project);
    }

    @Override
    public Optional<Dedupe> latestDedupe(ProjectId project, String dedupeKey) {
        return query("SELECT id, task_id, occurrence_count FROM task_dedupe WHERE project_id = ? AND dedupe_key = ? "
                + "AND superseded_at IS NULL", ps -> {
                    ps.setString(1, project.value());
                    ps.setString(2, text(dedupeKey));
                }, rs -> new Dedupe(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    @Override
    public void supersedeDedupe(String dedupeId, long now) {
        update("UPDATE task_dedupe SET superseded_at = ? WHERE id = ?", ps -> {
            ps.setLong(1, now);
            ps.setString(2, dedupeId);
        });
    }

    @Override
    public Optional<TaskState> task(ProjectId project, long taskId) {
        return query("SELECT id, status_id, severity, updated_at FROM tasks WHERE project_id = ? AND id = ?", ps -> {
            ps.setString(1, project.value());
            ps.setLong(2, taskId);
        }, rs -> new TaskState(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
    }

    @Override
    public long createTask(NewTask t) {
        try {
            long id = nextCounter(c, "task", 1);
            update("INSERT INTO tasks (id, project_id, title, description, description_html, status_id, priority, "
                    + "severity, source, assignees, custom_fields, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setLong(1, id);
                        ps.setString(2, t.project().value());
                        ps.setString(3, text(t.title()));
                        setText(ps, 4, t.description());
                        setText(ps, 5, t.descriptionHtml());
                        ps.setLong(6, t.statusId());
                        ps.setLong(7, t.priority());
                        ps.setString(8, t.severity());
                        ps.setString(9, t.source());
                        ps.setString(10, t.assigneesJson());
                        setText(ps, 11, t.customFieldsJson());
                        ps.setLong(12, t.now());
                        ps.setLong(13, t.now());
                    });
            return id;
        } catch (SQLException e) {
            throw new StoreException("create task failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void insertDedupe(NewDedupe d) {
        update("INSERT INTO task_dedupe (id, project_id, dedupe_key, task_id, source, severity, metadata, "
                + "occurrence_count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", ps -> {
                    ps.setString(1, d.id());
                    ps.setString(2, d.project().value());
                    ps.setString(3, text(d.dedupeKey()));
                    ps.setLong(4, d.taskId());
                    ps.setString(5, d.source());
                    ps.setString(6, d.severity());
                    setText(ps, 7, d.metadataJson());
                    ps.setLong(8, d.seenAt());
                    ps.setLong(9, d.seenAt());
                });
    }

    @Override
    public long bumpDedupe(String dedupeId, long seenAt, Optional<String> metadataJson, Optional<String> severity) {
        return query("UPDATE task_dedupe SET occurrence_count = occurrence_count + 1, last_seen = ?, "
                + "metadata = COALESCE(?, metadata), severity = COALESCE(?, severity) WHERE id = ? "
                + "RETURNING occurrence_count", ps -> {
                    ps.setLong(1, seenAt);
                    setText(ps, 2, metadataJson);
                    setText(ps, 3, severity);
                    ps.setString(4, dedupeId);
                }, rs -> rs.getLong(1)).orElseThrow(() -> new StoreException("missing dedupe row " + dedupeId));
    }

    @Override
    public boolean updateTask(ProjectId project, long taskId, TaskChange change, long now) {
        return query("UPDATE tasks SET status_id = COALESCE(?, status_id), severity = COALESCE(?, severity), "
                + "priority = COALESCE(?, priority), assignees = COALESCE(?, assignees), updated_at = ? "
                + "WHERE project_id = ? AND id = ? RETURNING id", ps -> {
                    setLong(ps, 1, change.statusId());
                    setText(ps, 2, change.severity());
                    setLong(ps, 3, change.priority());
                    setText(ps, 4, change.assigneesJson());
                    ps.setLong(5, now);
                    ps.setString(6, project.value());
                    ps.setLong(7, taskId);
                }, rs -> rs.getLong(1)).isPresent();
    }

    @Override
    public Set<String> members(ProjectId project) {
        return new HashSet<>(TaskReads.members(c, project));
    }

    @Override
    public void setMembers(ProjectId project, Collection<String> emails) {
        update("DELETE FROM project_members WHERE project_id = ?", ps -> ps.setString(1, project.value()));
        for (String email : new HashSet<>(emails)) {
            update("INSERT INTO project_members (project_id, email) VALUES (?, ?)", ps -> {
                ps.setString(1, project.value());
                ps.setString(2, text(email));
            });
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (StatementCache.Prepared p = statements.prepare(c, sql)) {
            PreparedStatement ps = p.statement();
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("task store: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Binder binder) {
        try (StatementCache.Prepared p = statements.prepare(c, sql)) {
            PreparedStatement ps = p.statement();
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("task store: " + e.getMessage(), e);
        }
    }

    static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static void setLong(PreparedStatement ps, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.getAsLong());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private static void setText(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, text(value.get()));
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    /** PostgreSQL text cannot hold U+0000; see {@link JdbcWriteTx}. */
    private static String text(String value) {
        return value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
    }

    static List<String> strings(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1));
        }
        return out;
    }
}
