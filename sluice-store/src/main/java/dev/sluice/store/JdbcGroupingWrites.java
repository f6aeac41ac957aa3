package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** {@link GroupingWrites} over the transaction's connection; portable SQL for both engines. */
final class JdbcGroupingWrites implements GroupingWrites {

    private static final int CHUNK = 200;

    private final Connection connection;
    private final StatementCache statements;

    JdbcGroupingWrites(Connection connection, StatementCache statements) {
        this.connection = connection;
        this.statements = statements;
    }

    @Override
    public GroupingSettings settings(ProjectId project) {
        // Cached: read once per project on every group commit that stores an error.
        try (StatementCache.Prepared p = statements.prepare(connection,
                "SELECT rule_version, previous_version, transition_until FROM project_grouping WHERE project_id = ?")) {
            PreparedStatement ps = p.statement();
            ps.setString(1, project.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return GroupingSettings.defaults();
                }
                int rule = rs.getInt(1);
                int previous = rs.getInt(2);
                OptionalInt prev = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(previous);
                long until = rs.getLong(3);
                OptionalLong window = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(until);
                return new GroupingSettings(rule, prev, window);
            }
        } catch (SQLException e) {
            throw new StoreException("grouping settings failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void putSettings(ProjectId project, GroupingSettings settings, long nowMillis) {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO project_grouping (project_id, "
                + "rule_version, previous_version, transition_until, updated_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (project_id) DO UPDATE SET rule_version = excluded.rule_version, "
                + "previous_version = excluded.previous_version, transition_until = excluded.transition_until, "
                + "updated_at = excluded.updated_at")) {
            ps.setString(1, project.value());
            ps.setInt(2, settings.ruleVersion());
            if (settings.previousVersion().isPresent()) {
                ps.setInt(3, settings.previousVersion().getAsInt());
            } else {
                ps.setNull(3, Types.INTEGER);
            }
            if (settings.transitionUntil().isPresent()) {
                ps.setLong(4, settings.transitionUntil().getAsLong());
            } else {
                ps.setNull(4, Types.BIGINT);
            }
            ps.setLong(5, nowMillis);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("grouping settings update failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> existingFingerprints(ProjectId project, int ruleVersion, Collection<String> fingerprints) {
        List<String> all = List.copyOf(fingerprints);
        Set<String> found = new HashSet<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = connection.prepareStatement("SELECT fingerprint FROM issues WHERE "
                    + "project_id = ? AND rule_version = ? AND fingerprint IN (" + in + ")")) {
                ps.setString(1, project.value());
                ps.setInt(2, ruleVersion);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(3 + i, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("issue lookup failed: " + e.getMessage(), e);
            }
        }
        return found;
    }
}
