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
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link IssueWrites} over one JDBC connection inside a transaction. */
final class JdbcIssueWrites implements IssueWrites {

    static final String STATE = "id, fingerprint, title, level, event_count, status, resolved_in_release, "
            + "ignore_until, ignore_until_count, ignore_user_count, ignore_users_seen, merged_into";
    private static final String NEWER = "CASE WHEN excluded.last_seen >= issues.last_seen ";

    private final Connection c;
    private final StatementCache statements;

    JdbcIssueWrites(Connection connection, StatementCache statements) {
        this.c = connection;
        this.statements = statements;
    }

    @Override
    public Map<String, IssueState> upsert(ProjectId project, List<IssueUpsert> issues) {
        Map<String, IssueState> out = new HashMap<>();
        Map<String, String> newIds = new HashMap<>();
        issues.forEach(u -> newIds.put(u.fingerprint(), u.newId()));
        for (List<IssueUpsert> chunk : Chunks.of(issues)) {
            String sql = "INSERT INTO issues (id, project_id, rule_version, fingerprint, title, level, event_count, "
                    + "first_seen, last_seen, last_release, last_environment) VALUES "
                    + repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.size())
                    + " ON CONFLICT (project_id, rule_version, fingerprint) DO UPDATE SET "
                    + "event_count = issues.event_count + excluded.event_count, "
                    + "first_seen = CASE WHEN excluded.first_seen < issues.first_seen "
                    + "THEN excluded.first_seen ELSE issues.first_seen END, "
                    + "level = " + NEWER + "THEN excluded.level ELSE issues.level END, "
                    + "last_release = " + NEWER
                    + "THEN COALESCE(excluded.last_release, issues.last_release) ELSE issues.last_release END, "
                    + "last_environment = " + NEWER
                    + "THEN COALESCE(excluded.last_environment, issues.last_environment) ELSE issues.last_environment END, "
                    + "last_seen = CASE WHEN excluded.last_seen > issues.last_seen "
                    + "THEN excluded.last_seen ELSE issues.last_seen END "
                    + "RETURNING " + STATE;
            try (StatementCache.Prepared p = statements.prepare(c, sql)) {
                PreparedStatement ps = p.statement();
                int i = 1;
                for (IssueUpsert u : chunk) {
                    setText(ps, i++, u.newId());
                    setText(ps, i++, project.value());
                    ps.setInt(i++, u.ruleVersion());
                    setText(ps, i++, u.fingerprint());
                    setText(ps, i++, u.title());
                    setText(ps, i++, u.level());
                    ps.setLong(i++, u.count());
                    ps.setLong(i++, u.firstSeen());
                    ps.setLong(i++, u.lastSeen());
                    setOptional(ps, i++, u.lastRelease());
                    setOptional(ps, i++, u.lastEnvironment());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        IssueState s = state(rs, newIds);
                        out.put(s.fingerprint(), s);
                    }
                }
            } catch (SQLException e) {
                throw fail("issue upsert", e);
            }
        }
        return out;
    }

    /** Reads one row of {@link #STATE}; the issue was created when its id is the one this upsert proposed. */
    static IssueState state(ResultSet rs, Map<String, String> newIds) throws SQLException {
        String id = rs.getString(1);
        String fingerprint = rs.getString(2);
        return new IssueState(id, fingerprint, id.equals(newIds.get(fingerprint)), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), Optional.ofNullable(rs.getString(7)), optionalLong(rs, 8),
                optionalLong(rs, 9), optionalLong(rs, 10), rs.getLong(11), Optional.ofNullable(rs.getString(12)));
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public IssueState redirect(String sourceId, String targetId, IssueUpsert u) {
        try {
            try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET event_count = 0 WHERE id = ?")) {
                ps.setString(1, sourceId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET event_count = event_count + ?, "
                    + "first_seen = CASE WHEN ? < first_seen THEN ? ELSE first_seen END, "
                    + "level = CASE WHEN ? >= last_seen THEN ? ELSE level END, "
                    + "last_release = CASE WHEN ? >= last_seen THEN COALESCE(?, last_release) ELSE last_release END, "
                    + "last_environment = CASE WHEN ? >= last_seen THEN COALESCE(?, last_environment) "
                    + "ELSE last_environment END, "
                    + "last_seen = CASE WHEN ? > last_seen THEN ? ELSE last_seen END WHERE id = ? RETURNING " + STATE)) {
                ps.setLong(1, u.count());
                ps.setLong(2, u.firstSeen());
                ps.setLong(3, u.firstSeen());
                ps.setLong(4, u.lastSeen());
                setText(ps, 5, u.level());
                ps.setLong(6, u.lastSeen());
                setOptional(ps, 7, u.lastRelease());
                ps.setLong(8, u.lastSeen());
                setOptional(ps, 9, u.lastEnvironment());
                ps.setLong(10, u.lastSeen());
                ps.setLong(11, u.lastSeen());
                ps.setString(12, targetId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("merge target " + targetId + " is gone");
                    }
                    return state(rs, Map.of());
                }
            }
        } catch (SQLException e) {
            throw fail("issue redirect", e);
        }
    }

    @Override
    public void setMessages(Map<String, String> messageById) {
        if (messageById.isEmpty()) {
            return;
        }
        try (StatementCache.Prepared p = statements.prepare(c, "UPDATE issues SET message = ? WHERE id = ?")) {
            PreparedStatement ps = p.statement();
            for (Map.Entry<String, String> e : messageById.entrySet()) {
                setText(ps, 1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("issue messages", e);
        }
    }

    @Override
    public void addFacets(Collection<IssueFacet> facets) {
        List<IssueFacet> all = List.copyOf(facets);
        for (List<IssueFacet> chunk : Chunks.of(all)) {
            try (StatementCache.Prepared p = statements.prepare(c, "INSERT INTO issue_facets (issue_id, kind, value) "
                    + "VALUES " + repeat("(?, ?, ?)", chunk.size()) + " ON CONFLICT DO NOTHING")) {
                PreparedStatement ps = p.statement();
                int i = 1;
                for (IssueFacet f : chunk) {
                    ps.setString(i++, f.issueId());
                    ps.setString(i++, f.kind());
                    setText(ps, i++, f.value());
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw fail("issue facets", e);
            }
        }
    }

    @Override
    public long addUsers(String issueId, Collection<String> userHashes) {
        try {
            int added = 0;
            if (!userHashes.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO issue_users (issue_id, user_hash) VALUES "
                        + repeat("(?, ?)", userHashes.size()) + " ON CONFLICT DO NOTHING")) {
                    int i = 1;
                    for (String h : userHashes) {
                        ps.setString(i++, issueId);
                        ps.setString(i++, h);
                    }
                    added = ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET ignore_users_seen = ignore_users_seen + ? "
                    + "WHERE id = ? RETURNING ignore_users_seen")) {
                ps.setInt(1, added);
                ps.setString(2, issueId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        } catch (SQLException e) {
            throw fail("issue users", e);
        }
    }

    @Override
    public void reopen(Collection<String> issueIds, String substatus, long nowMillis) {
        if (issueIds.isEmpty()) {
            return;
        }
        boolean regression = substatus.equals("regressed");
        try (PreparedStatement ps = c.prepareStatement("UPDATE issues SET status = 'unresolved', substatus = ?, "
                + "status_changed_at = ?, resolved_in_release = NULL, " + IssueStatusSql.CLEAR_IGNORE + ", "
                + (regression ? "regressed_at = ?, times_regressed = times_regressed + 1" : "regressed_at = regressed_at")
                + " WHERE id = ?")) {
            for (String id : issueIds) {
                int i = 1;
                ps.setString(i++, substatus);
                ps.setLong(i++, nowMillis);
                if (regression) {
                    ps.setLong(i++, nowMillis);
                }
                ps.setString(i, id);
                ps.addBatch();
            }
            ps.executeBatch();
            IssueStatusSql.forgetUsers(c, issueIds);
        } catch (SQLException e) {
            throw fail("issue reopen", e);
        }
    }

    @Override
    public List<String> setStatus(ProjectId project, Collection<String> issueIds, IssueStatusChange change,
                                  long nowMillis) {
        try {
            return IssueStatusSql.setStatus(c, project, issueIds, change, nowMillis);
        } catch (SQLException e) {
            throw fail("issue status", e);
        }
    }

    @Override
    public Optional<String> merge(ProjectId project, String targetId, List<String> sourceIds, long nowMillis) {
        try {
            return IssueMergeSql.merge(c, project, targetId, sourceIds, nowMillis);
        } catch (SQLException e) {
            throw fail("issue merge", e);
        }
    }

    static void setNullableLong(PreparedStatement ps, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.getAsLong());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static List<String> list(Collection<String> ids) {
        return new ArrayList<>(ids);
    }
}
