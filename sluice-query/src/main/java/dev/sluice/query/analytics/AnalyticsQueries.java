package dev.sluice.query.analytics;

import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsViews.DeletionView;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.analytics.AnalyticsViews.KeyMeta;
import dev.sluice.query.analytics.AnalyticsViews.KindMeta;
import dev.sluice.query.analytics.AnalyticsViews.ProfileView;
import dev.sluice.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Reads of product analytics (Pug): profiles with alias resolution, event scans (SQL narrows by project,
 * time, person, session and kind; callers filter properties in Java), the filter schema and erasure requests.
 */
public final class AnalyticsQueries {

    private final Store store;

    private AnalyticsQueries(Store store) {
        this.store = store;
    }

    /** Queries over {@code store}. */
    public static AnalyticsQueries create(Store store) {
        return new AnalyticsQueries(store);
    }

    /** A live profile by id; an id that is an alias (a merged anonymous id) resolves to its canonical profile. */
    public Optional<ProfileView> profile(ProjectId project, String id) {
        return store.read(c -> {
            Optional<ProfileView> direct = byId(c, project, id);
            if (direct.isPresent()) {
                return direct;
            }
            Optional<String> canonical = alias(c, project, id);
            return canonical.isEmpty() ? Optional.<ProfileView>empty() : byId(c, project, canonical.get());
        });
    }

    /** The live profile with this external id. */
    public Optional<ProfileView> profileByExternalId(ProjectId project, String externalId) {
        return store.read(c -> {
            List<String> ids = strings(c, "SELECT id FROM analytics_profiles WHERE project_id = ? AND external_id = ? "
                    + "AND deleted_at IS NULL ORDER BY id LIMIT 1", project.value(), externalId);
            return ids.isEmpty() ? Optional.empty() : byId(c, project, ids.getFirst());
        });
    }

    /** Live profiles with id greater than {@code afterId}, by id, at most {@code limit}. */
    public List<ProfileView> profilesAfter(ProjectId project, String afterId, int limit) {
        return store.read(c -> {
            List<ProfileView> out = new ArrayList<>();
            for (String id : strings(c, "SELECT id FROM analytics_profiles WHERE project_id = ? AND id > ? "
                    + "AND deleted_at IS NULL ORDER BY id" + (store.dialect() == dev.sluice.store.Dialect.POSTGRESQL
                    ? " COLLATE \"C\"" : "") + " LIMIT " + Math.max(1, limit), project.value(), afterId)) {
                byId(c, project, id).ifPresent(out::add);
            }
            return out;
        });
    }

    /** The profile a distinct id belongs to. */
    public Optional<String> resolve(ProjectId project, String distinctId) {
        return store.read(c -> alias(c, project, distinctId));
    }

    /** Every distinct id of a profile. */
    public List<String> aliases(ProjectId project, String profileId) {
        return store.read(c -> strings(c, "SELECT distinct_id FROM analytics_aliases WHERE project_id = ? "
                + "AND profile_id = ? ORDER BY distinct_id", project.value(), profileId));
    }

    /** Every alias of the project: distinct id → profile id. */
    public Map<String, String> allAliases(ProjectId project) {
        return store.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT distinct_id, profile_id FROM analytics_aliases WHERE project_id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** Every live profile of the project: profile id → external id. */
    public Map<String, String> externalIds(ProjectId project) {
        return store.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, external_id FROM analytics_profiles WHERE project_id = ? AND deleted_at IS NULL")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Streams the events of {@code scan} to {@code sink} until it answers false. The time range is
     * [from, to).
     */
    public void scan(ProjectId project, EventScan scan, Predicate<EventView> sink) {
        StringBuilder sql = new StringBuilder("SELECT event_id, distinct_id, kind, occurred_at, session_id, cookieless, "
                + (scan.withProperties() ? "auto_properties, custom_properties" : "'{}', '{}'")
                + " FROM analytics_events WHERE project_id = ? AND occurred_at >= ? AND occurred_at < ?");
        List<Object> args = new ArrayList<>(List.of(project.value(), scan.fromMillis(), scan.toMillis()));
        in(sql, args, "distinct_id", scan.distinctIds());
        in(sql, args, "kind", scan.kinds());
        if (!scan.sessionId().isEmpty()) {
            sql.append(" AND session_id = ?");
            args.add(scan.sessionId());
        }
        // Ties on time are broken by id in code-point order on both engines (PostgreSQL's default collation
        // would not be), so cursors and insight orders compare ids the way Java does.
        String id = store.dialect() == dev.sluice.store.Dialect.POSTGRESQL ? "event_id COLLATE \"C\"" : "event_id";
        sql.append(scan.newestFirst() ? " ORDER BY occurred_at DESC, " + id + " DESC" : " ORDER BY occurred_at, " + id);
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        EventView e = new EventView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), rs.getInt(6) == 1, rs.getString(7), rs.getString(8));
                        if (!sink.test(e)) {
                            break;
                        }
                    }
                }
            }
            return null;
        });
    }

    /** Event kinds of the filter schema, most frequent first. */
    public List<KindMeta> kinds(ProjectId project) {
        return store.read(c -> {
            List<KindMeta> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, event_count, last_seen_at FROM "
                    + "analytics_event_kinds WHERE project_id = ? ORDER BY event_count DESC, kind")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new KindMeta(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }

    /** Property keys seen on events of {@code kind} (all kinds when empty), summed across kinds. */
    public List<KeyMeta> keys(ProjectId project, String kind) {
        return store.read(c -> {
            Map<List<String>, KeyMeta> merged = new LinkedHashMap<>();
            String sql = "SELECT source, name, event_count, last_seen_at, value_type, kind FROM analytics_property_keys "
                    + "WHERE project_id = ?" + (kind.isEmpty() ? "" : " AND kind = ?") + " ORDER BY source, name, kind";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, kind.isEmpty() ? new Object[] {project.value()} : new Object[] {project.value(), kind});
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        KeyMeta k = new KeyMeta(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getInt(5));
                        merged.merge(List.of(k.source(), k.name()), k, (a, b) -> new KeyMeta(a.source(), a.name(),
                                a.count() + b.count(), Math.max(a.lastSeenAt(), b.lastSeenAt()), a.valueType()));
                    }
                }
            }
            return List.copyOf(merged.values());
        });
    }

    /** Every live profile's properties, for the profile part of the filter schema. */
    public List<Map<String, String>> allProfileProperties(ProjectId project) {
        return store.read(c -> {
            Map<String, Map<String, String>> byProfile = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.profile_id, p.name, p.value_json FROM "
                    + "analytics_profile_properties p JOIN analytics_profiles f ON f.project_id = p.project_id AND "
                    + "f.id = p.profile_id WHERE p.project_id = ? AND f.deleted_at IS NULL")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byProfile.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                                .put(rs.getString(2), rs.getString(3));
                    }
                }
            }
            return List.copyOf(byProfile.values());
        });
    }

    /** An erasure request. */
    public Optional<DeletionView> deletion(ProjectId project, String id) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, external_id, profile_id, status, "
                    + "events_identified, requested_at, completed_at, error FROM analytics_deletions "
                    + "WHERE project_id = ? AND id = ?")) {
                bind(ps, project.value(), id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long completed = rs.getLong(7);
                    OptionalLong completedAt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(completed);
                    return Optional.of(new DeletionView(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getLong(5), rs.getLong(6), completedAt, rs.getString(8)));
                }
            }
        });
    }

    private static Optional<ProfileView> byId(Connection c, ProjectId project, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, external_id, created_at, updated_at FROM "
                + "analytics_profiles WHERE project_id = ? AND id = ? AND deleted_at IS NULL")) {
            bind(ps, project.value(), id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, String> props = new LinkedHashMap<>();
                try (PreparedStatement pp = c.prepareStatement("SELECT name, value_json FROM "
                        + "analytics_profile_properties WHERE project_id = ? AND profile_id = ? ORDER BY name")) {
                    bind(pp, project.value(), id);
                    try (ResultSet prs = pp.executeQuery()) {
                        while (prs.next()) {
                            props.put(prs.getString(1), prs.getString(2));
                        }
                    }
                }
                return Optional.of(new ProfileView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        props));
            }
        }
    }

    private static Optional<String> alias(Connection c, ProjectId project, String distinctId) throws SQLException {
        return strings(c, "SELECT profile_id FROM analytics_aliases WHERE project_id = ? AND distinct_id = ?",
                project.value(), distinctId).stream().findFirst();
    }

    private static void in(StringBuilder sql, List<Object> args, String column, java.util.Set<String> values) {
        if (!values.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(values.size(), "?"))).append(')');
            args.addAll(values.stream().sorted().toList());
        }
    }

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                String s = (String) args[i];
                ps.setString(i + 1, s.indexOf('\0') >= 0 ? s.replace('\0', '\uFFFD') : s);
            }
        }
    }
}
