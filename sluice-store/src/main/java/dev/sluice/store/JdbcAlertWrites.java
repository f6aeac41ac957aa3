package dev.sluice.store;

import static dev.sluice.store.JdbcWriteTx.fail;
import static dev.sluice.store.JdbcWriteTx.repeat;
import static dev.sluice.store.JdbcWriteTx.setOptional;
import static dev.sluice.store.JdbcWriteTx.setText;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** {@link AlertWrites} over one JDBC connection inside a transaction. */
final class JdbcAlertWrites implements AlertWrites {

    /** Where delivered and failed rows park, out of the due index's way. */
    static final long NEVER = Long.MAX_VALUE / 2;
    static final String RULE_COLUMNS = "id, project_id, name, kind, threshold, window_seconds, task_name, channels, "
            + "channel_count, cooldown_seconds, enabled, created_at";
    static final String DELIVERY_COLUMNS = "id, project_id, rule_id, channel_index, subject, payload, created_at, "
            + "attempts, delivered_at, failed_at, last_error";

    private final Connection c;
    private final StatementCache statements;

    JdbcAlertWrites(Connection connection, StatementCache statements) {
        this.c = connection;
        this.statements = statements;
    }

    @Override
    public List<AlertRule> rules(ProjectId project, Collection<String> kinds) {
        return ruleQuery("project_id = ? AND ", List.of(project.value()), kinds);
    }

    @Override
    public List<AlertRule> rules(Collection<String> kinds) {
        return ruleQuery("", List.of(), kinds);
    }

    private List<AlertRule> ruleQuery(String where, List<String> args, Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + RULE_COLUMNS + " FROM alert_rules WHERE " + where + "enabled = 1 AND kind IN ("
                + repeat("?", kinds.size()) + ") ORDER BY id";
        // Cached: the digest asks for the issue-alert rules on every group commit that stores an error.
        try (StatementCache.Prepared p = statements.prepare(c, sql)) {
            PreparedStatement ps = p.statement();
            int i = 1;
            for (String a : args) {
                ps.setString(i++, a);
            }
            for (String k : kinds) {
                ps.setString(i++, k);
            }
            return rules(ps);
        } catch (SQLException e) {
            throw fail("alert rules", e);
        }
    }

    static List<AlertRule> rules(PreparedStatement ps) throws SQLException {
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

    @Override
    public Optional<AlertRule> rule(String ruleId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RULE_COLUMNS + " FROM alert_rules WHERE id = ?")) {
            ps.setString(1, ruleId);
            return rules(ps).stream().findFirst();
        } catch (SQLException e) {
            throw fail("alert rule", e);
        }
    }

    @Override
    public long recentIssueEvents(String issueId, long sinceMillis, long cap) {
        // Event ids are UUIDv7, so "received since" is an id range on the (issue_id, id) index.
        String floor = new UUID(sinceMillis << 16, 0).toString();
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM error_events "
                + "WHERE issue_id = ? AND id >= ? LIMIT ?) recent")) {
            ps.setString(1, issueId);
            ps.setString(2, floor);
            ps.setLong(3, cap);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw fail("recent issue events", e);
        }
    }

    @Override
    public Optional<State> state(String ruleId, String subject) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_sent_at, suppressed FROM alert_state WHERE rule_id = ? AND subject = ?")) {
            ps.setString(1, ruleId);
            setText(ps, 2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new State(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("alert state", e);
        }
    }

    @Override
    public void putState(String ruleId, String subject, State state) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_state (rule_id, subject, last_sent_at, "
                + "suppressed) VALUES (?, ?, ?, ?) ON CONFLICT (rule_id, subject) DO UPDATE SET "
                + "last_sent_at = excluded.last_sent_at, suppressed = excluded.suppressed")) {
            ps.setString(1, ruleId);
            setText(ps, 2, subject);
            ps.setLong(3, state.lastSentAt());
            ps.setLong(4, state.suppressed());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("alert state", e);
        }
    }

    @Override
    public void enqueue(AlertRule rule, String subject, String payloadJson, List<String> ids, long now) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_outbox (id, project_id, rule_id, "
                + "channel_index, subject, payload, created_at, attempts, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(1, ids.get(i));
                ps.setString(2, rule.project().value());
                ps.setString(3, rule.id());
                ps.setInt(4, i);
                setText(ps, 5, subject);
                setText(ps, 6, payloadJson);
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("alert outbox", e);
        }
    }

    @Override
    public List<AlertDelivery> claimDue(long now, long leaseUntil, int limit) {
        // The outer conditions repeat the inner ones: on PostgreSQL a row another node leased meanwhile is
        // re-checked after its lock is released and skipped.
        String due = "next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)";
        try (PreparedStatement ps = c.prepareStatement("UPDATE alert_outbox SET lease_until = ?, attempts = attempts + 1 "
                + "WHERE id IN (SELECT id FROM alert_outbox WHERE " + due + " ORDER BY next_attempt_at LIMIT ?) AND "
                + due + " RETURNING " + DELIVERY_COLUMNS)) {
            ps.setLong(1, leaseUntil);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setInt(4, limit);
            ps.setLong(5, now);
            ps.setLong(6, now);
            return deliveries(ps);
        } catch (SQLException e) {
            throw fail("alert claim", e);
        }
    }

    static List<AlertDelivery> deliveries(PreparedStatement ps) throws SQLException {
        List<AlertDelivery> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long delivered = rs.getLong(9);
                OptionalLong deliveredAt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(delivered);
                long failed = rs.getLong(10);
                OptionalLong failedAt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(failed);
                out.add(new AlertDelivery(rs.getString(1), new ProjectId(rs.getString(2)), rs.getString(3),
                        rs.getInt(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8), deliveredAt,
                        failedAt, Optional.ofNullable(rs.getString(11))));
            }
        }
        return out;
    }

    @Override
    public void markDelivered(String id, long now) {
        finish("UPDATE alert_outbox SET delivered_at = ?, next_attempt_at = " + NEVER
                + ", lease_until = NULL, last_error = ? WHERE id = ?", now, Optional.empty(), id);
    }

    @Override
    public void markRetry(String id, long nextAttemptAt, String error) {
        finish("UPDATE alert_outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                nextAttemptAt, Optional.of(error), id);
    }

    @Override
    public void markFailed(String id, long now, String error) {
        finish("UPDATE alert_outbox SET failed_at = ?, next_attempt_at = " + NEVER
                + ", lease_until = NULL, last_error = ? WHERE id = ?", now, Optional.of(error), id);
    }

    /** Runs one of the outbox updates, all shaped (time, error, id). */
    private void finish(String sql, long time, Optional<String> error, String id) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, time);
            setOptional(ps, 2, error);
            ps.setString(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("alert outbox", e);
        }
    }

    @Override
    public void insertRule(AlertRule r) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_rules (" + RULE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            setText(ps, 1, r.id());
            ps.setString(2, r.project().value());
            setText(ps, 3, r.name());
            ps.setString(4, r.kind());
            ps.setDouble(5, r.threshold());
            ps.setLong(6, r.windowSeconds());
            setOptional(ps, 7, r.taskName());
            setText(ps, 8, r.channelsJson());
            ps.setInt(9, r.channelCount());
            ps.setLong(10, r.cooldownSeconds());
            ps.setInt(11, r.enabled() ? 1 : 0);
            ps.setLong(12, r.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("alert rule", e);
        }
    }

    @Override
    public boolean deleteRule(ProjectId project, String ruleId) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_rules WHERE project_id = ? AND id = ?")) {
            ps.setString(1, project.value());
            ps.setString(2, ruleId);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw fail("alert rule", e);
        }
    }
}
