package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AnalyticsRecords.DeletionRow;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.AnalyticsRecords.KeyCount;
import dev.sluice.store.AnalyticsRecords.KindCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link AnalyticsWrites} over one JDBC connection inside a transaction. */
final class JdbcAnalyticsWrites implements AnalyticsWrites {

    /** Rows per multi-row insert: 10 binds each stays far below SQLite's bind limit. */
    private static final int CHUNK = 200;

    private final Connection c;
    private final Dialect dialect;
    private final StatementCache statements;

    JdbcAnalyticsWrites(Connection connection, Dialect dialect, StatementCache statements) {
        this.c = connection;
        this.dialect = dialect;
        this.statements = statements;
    }

    @Override
    public Set<String> insertEvents(ProjectId project, List<EventRow> unsorted) {
        List<EventRow> rows = LockOrder.sorted(unsorted, EventRow::eventId);
        Set<String> fresh = new HashSet<>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<EventRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            String sql = "INSERT INTO analytics_events (project_id, event_id, distinct_id, kind, occurred_at, "
                    + "session_id, cookieless, auto_properties, custom_properties, received_at) VALUES "
                    + tuples("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.size())
                    + " ON CONFLICT (project_id, event_id) DO NOTHING RETURNING event_id";
            // Full chunks reuse one compiled statement across commits (SQLite's writer keeps it open): compiling a
            // 2,000-parameter insert per chunk cost the writer more than binding it. Partial ones are one-offs.
            try (StatementCache.Prepared p = chunk.size() == CHUNK ? statements.prepare(c, sql)
                    : new StatementCache.Prepared(c.prepareStatement(sql), false)) {
                PreparedStatement ps = p.statement();
                int i = 1;
                for (EventRow r : chunk) {
                    text(ps, i++, project.value());
                    text(ps, i++, r.eventId());
                    text(ps, i++, r.distinctId());
                    text(ps, i++, r.kind());
                    ps.setLong(i++, r.occurredAt());
                    text(ps, i++, r.sessionId());
                    ps.setInt(i++, r.cookieless() ? 1 : 0);
                    text(ps, i++, r.autoPropertiesJson());
                    text(ps, i++, r.customPropertiesJson());
                    ps.setLong(i++, r.receivedAt());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw fail(e);
            }
        }
        return fresh;
    }

    @Override
    public void countKinds(ProjectId project, List<KindCount> counts) {
        // One multi-row upsert per chunk, not one statement per kind: each prepare costs the single writer.
        List<KindCount> sorted = LockOrder.sorted(counts, KindCount::kind);
        for (int from = 0; from < sorted.size(); from += CHUNK) {
            List<KindCount> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
            List<Object> args = new ArrayList<>();
            for (KindCount k : chunk) {
                args.addAll(List.of(project.value(), k.kind(), k.count(), k.lastSeenAt()));
            }
            update("INSERT INTO analytics_event_kinds (project_id, kind, event_count, last_seen_at) VALUES "
                    + tuples("(?, ?, ?, ?)", chunk.size()) + " ON CONFLICT (project_id, kind) DO UPDATE SET event_count = "
                    + "analytics_event_kinds.event_count + excluded.event_count, last_seen_at = CASE WHEN "
                    + "excluded.last_seen_at > analytics_event_kinds.last_seen_at THEN excluded.last_seen_at ELSE "
                    + "analytics_event_kinds.last_seen_at END", args.toArray());
        }
    }

    @Override
    public void countPropertyKeys(ProjectId project, List<KeyCount> counts) {
        List<KeyCount> sorted = LockOrder.sorted(counts, k -> LockOrder.key(k.kind(), k.source(), k.name()));
        for (int from = 0; from < sorted.size(); from += CHUNK) {
            List<KeyCount> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
            List<Object> args = new ArrayList<>();
            for (KeyCount k : chunk) {
                args.addAll(List.of(project.value(), k.kind(), k.source(), k.name(), (long) k.valueType(), k.count(),
                        k.lastSeenAt()));
            }
            update("INSERT INTO analytics_property_keys (project_id, kind, source, name, value_type, event_count, "
                    + "last_seen_at) VALUES " + tuples("(?, ?, ?, ?, ?, ?, ?)", chunk.size()) + " ON CONFLICT "
                    + "(project_id, kind, source, name) DO UPDATE SET event_count = analytics_property_keys.event_count "
                    + "+ excluded.event_count, last_seen_at = CASE WHEN excluded.last_seen_at > "
                    + "analytics_property_keys.last_seen_at THEN excluded.last_seen_at ELSE "
                    + "analytics_property_keys.last_seen_at END", args.toArray());
        }
    }

    @Override
    public Optional<String> profileByExternalId(ProjectId project, String externalId) {
        List<String> ids = strings("SELECT id FROM analytics_profiles WHERE project_id = ? AND external_id = ? "
                + "AND deleted_at IS NULL ORDER BY id LIMIT 1", project.value(), externalId);
        return ids.stream().findFirst();
    }

    @Override
    public Optional<String> aliasOf(ProjectId project, String distinctId) {
        return strings("SELECT profile_id FROM analytics_aliases WHERE project_id = ? AND distinct_id = ?",
                project.value(), distinctId).stream().findFirst();
    }

    @Override
    public void insertProfile(ProjectId project, String id, String externalId, long now) {
        update("INSERT INTO analytics_profiles (project_id, id, external_id, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?)", project.value(), id, externalId, now, now);
    }

    @Override
    public void touchProfile(ProjectId project, String id, long now) {
        update("UPDATE analytics_profiles SET updated_at = ? WHERE project_id = ? AND id = ?", now, project.value(), id);
    }

    @Override
    public void putProperties(ProjectId project, String profileId, Map<String, String> properties) {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(properties).entrySet()) {
            update("INSERT INTO analytics_profile_properties (project_id, profile_id, name, value_json) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (project_id, profile_id, name) DO UPDATE SET "
                    + "value_json = excluded.value_json", project.value(), profileId, e.getKey(), e.getValue());
        }
    }

    @Override
    public Map<String, String> properties(ProjectId project, String profileId) {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, value_json FROM analytics_profile_properties "
                + "WHERE project_id = ? AND profile_id = ? ORDER BY name")) {
            bind(ps, project.value(), profileId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return out;
    }

    @Override
    public void softDeleteProfile(ProjectId project, String id, long now) {
        update("UPDATE analytics_profiles SET deleted_at = ?, updated_at = ? WHERE project_id = ? AND id = ?",
                now, now, project.value(), id);
    }

    @Override
    public void putAlias(ProjectId project, String distinctId, String profileId, long now) {
        update("INSERT INTO analytics_aliases (project_id, distinct_id, profile_id, created_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (project_id, distinct_id) DO UPDATE SET profile_id = excluded.profile_id",
                project.value(), distinctId, profileId, now);
    }

    @Override
    public void moveProfile(ProjectId project, String from, String to) {
        update("UPDATE analytics_aliases SET profile_id = ? WHERE project_id = ? AND profile_id = ?",
                to, project.value(), from);
        update("UPDATE analytics_devices SET profile_id = ? WHERE project_id = ? AND profile_id = ?",
                to, project.value(), from);
    }

    @Override
    public void putDevice(ProjectId project, String deviceId, String profileId, long now) {
        update("INSERT INTO analytics_devices (project_id, device_id, profile_id, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (project_id, device_id) DO UPDATE SET profile_id = excluded.profile_id, "
                + "updated_at = excluded.updated_at", project.value(), deviceId, profileId, now);
    }

    @Override
    public List<String> aliasesOf(ProjectId project, String profileId) {
        return strings("SELECT distinct_id FROM analytics_aliases WHERE project_id = ? AND profile_id = ? "
                + "ORDER BY distinct_id", project.value(), profileId);
    }

    @Override
    public long countEvents(ProjectId project, Collection<String> distinctIds) {
        if (dialect == Dialect.SQLITE) {
            return PersonEvents.positions(c, project, distinctIds, EventLocator.NONE).size();
        }
        long total = 0;
        for (String id : distinctIds) {
            total += strings("SELECT CAST(COUNT(*) AS TEXT) FROM analytics_events WHERE project_id = ? "
                    + "AND distinct_id = ?", project.value(), id).stream().mapToLong(Long::parseLong).sum();
        }
        return total;
    }

    @Override
    public long erase(ProjectId project, String profileId, Collection<String> distinctIds) {
        long removed = eraseEvents(project, distinctIds, EventLocator.NONE);
        if (!profileId.isEmpty()) {
            for (String table : List.of("analytics_profile_properties", "analytics_aliases", "analytics_devices")) {
                update("DELETE FROM " + table + " WHERE project_id = ? AND profile_id = ?", project.value(), profileId);
            }
            update("DELETE FROM analytics_profiles WHERE project_id = ? AND id = ?", project.value(), profileId);
        }
        return removed;
    }

    @Override
    public long eraseEvents(ProjectId project, Collection<String> distinctIds, EventLocator locator) {
        if (dialect == Dialect.SQLITE) {
            return PersonEvents.delete(c, project, distinctIds,
                    PersonEvents.positions(c, project, distinctIds, locator));
        }
        long removed = 0;
        for (String id : distinctIds) {
            removed += update("DELETE FROM analytics_events WHERE project_id = ? AND distinct_id = ?",
                    project.value(), id);
        }
        return removed;
    }

    @Override
    public void putDeletion(ProjectId project, DeletionRow r) {
        update("INSERT INTO analytics_deletions (project_id, id, external_id, profile_id, status, events_identified, "
                + "requested_at, completed_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, id) "
                + "DO UPDATE SET status = excluded.status, events_identified = excluded.events_identified, "
                + "completed_at = excluded.completed_at, error = excluded.error", project.value(), r.id(),
                r.externalId(), r.profileId(), (long) r.status(), r.eventsIdentified(), r.requestedAt(),
                r.completedAt().isPresent() ? (Object) r.completedAt().getAsLong() : NULL_LONG, r.error());
    }

    /** Marks a bound SQL NULL of type BIGINT. */
    private static final Object NULL_LONG = new Object();

    private List<String> strings(String sql, Object... args) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return out;
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case String s -> text(ps, i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                default -> ps.setNull(i + 1, Types.BIGINT);
            }
        }
    }

    /** PostgreSQL cannot store U+0000 in text; the same replacement as JdbcWriteTx keeps engines alike. */
    private static void text(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value);
    }

    private static String tuples(String tuple, int count) {
        return String.join(", ", java.util.Collections.nCopies(count, tuple));
    }

    private static StoreException fail(SQLException e) {
        return new StoreException("analytics store: " + e.getMessage(), e);
    }
}
