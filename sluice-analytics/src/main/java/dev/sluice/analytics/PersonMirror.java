package dev.sluice.analytics;

import dev.sluice.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Mirrors the row store's identity tables into the replica: distinct id → person (and the person's external
 * id), live profiles' properties, and erasures. Whatever the row store holds is the truth (its Identify path
 * decides merges); the mirror reloads when a cheap fingerprint of those tables changes. Erasures are applied
 * before the reload, while the mirror still knows the erased person's distinct ids.
 */
final class PersonMirror {

    private static final String FINGERPRINT = "SELECT (SELECT COUNT(*) FROM analytics_aliases), "
            + "(SELECT COALESCE(MAX(created_at), 0) FROM analytics_aliases), (SELECT COUNT(*) FROM analytics_profiles), "
            + "(SELECT COALESCE(SUM(updated_at), 0) FROM analytics_profiles), "
            + "(SELECT COUNT(*) FROM analytics_profile_properties), (SELECT COUNT(*) FROM analytics_deletions)";

    private final Store store;
    private String fingerprint = "";

    PersonMirror(Store store) {
        this.store = store;
    }

    /** Makes the next refresh reload (after a rebuild emptied the replica). */
    void forget() {
        fingerprint = "";
    }

    /** Reloads the mirror when the row store's identity tables changed; answers whether it did. */
    boolean refresh(DuckDBConnection c) throws SQLException {
        String now = store.read(PersonMirror::fingerprint);
        if (now.equals(fingerprint)) {
            return false;
        }
        applyDeletions(c);
        reload(c);
        fingerprint = now;
        return true;
    }

    /** A cheap fingerprint of the row store's identity tables: it changes with every merge, profile or erasure. */
    static String fingerprint(Connection r) throws SQLException {
        try (PreparedStatement ps = r.prepareStatement(FINGERPRINT); ResultSet rs = ps.executeQuery()) {
            rs.next();
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= 6; i++) {
                b.append(rs.getString(i)).append('/');
            }
            return b.toString();
        }
    }

    private void applyDeletions(DuckDBConnection c) throws SQLException {
        List<String[]> deletions = store.read(r -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = r.prepareStatement(
                    "SELECT project_id, id, external_id, profile_id FROM analytics_deletions");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            return out;
        });
        for (String[] d : deletions) {
            try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM applied_deletions WHERE project = ? AND id = ?")) {
                seen.setString(1, d[0]);
                seen.setString(2, d[1]);
                try (ResultSet rs = seen.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
            }
            erase(c, d[0], d[2], d[3]);
            try (PreparedStatement done = c.prepareStatement("INSERT INTO applied_deletions VALUES (?, ?)")) {
                done.setString(1, d[0]);
                done.setString(2, d[1]);
                done.executeUpdate();
            }
        }
    }

    /** Removes the events of an external id and of every distinct id of a person. */
    static void erase(Connection c, String project, String externalId, String personId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE project = ? AND (distinct_id = ? "
                + "OR distinct_id IN (SELECT distinct_id FROM persons WHERE project = ? AND person_id = ? AND person_id <> ''))")) {
            ps.setString(1, project);
            ps.setString(2, externalId);
            ps.setString(3, project);
            ps.setString(4, personId);
            ps.executeUpdate();
        }
    }

    private void reload(DuckDBConnection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM persons");
            s.execute("DELETE FROM profile_props_raw");
        }
        copy(c, "persons", "SELECT a.project_id, a.distinct_id, a.profile_id, COALESCE(p.external_id, '') FROM "
                + "analytics_aliases a LEFT JOIN analytics_profiles p ON p.project_id = a.project_id AND p.id = a.profile_id "
                + "AND p.deleted_at IS NULL");
        copy(c, "profile_props_raw", "SELECT pp.project_id, pp.profile_id, pp.name, pp.value_json FROM "
                + "analytics_profile_properties pp JOIN analytics_profiles p ON p.project_id = pp.project_id "
                + "AND p.id = pp.profile_id WHERE p.deleted_at IS NULL");
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM profiles");
            s.execute("INSERT INTO profiles SELECT project, person_id, CAST(json_group_object(name, json(value_json)) "
                    + "AS VARCHAR) FROM profile_props_raw GROUP BY project, person_id");
        }
    }

    /** Appends the four text columns of every row of {@code sql} (row store) to {@code table} (replica). */
    private void copy(DuckDBConnection c, String table, String sql) {
        store.read(r -> {
            try (PreparedStatement ps = r.prepareStatement(sql)) {
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery(); DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                    while (rs.next()) {
                        a.beginRow();
                        for (int i = 1; i <= 4; i++) {
                            a.append(rs.getString(i));
                        }
                        a.endRow();
                    }
                }
            }
            return null;
        });
    }
}
