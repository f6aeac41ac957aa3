package dev.sluice.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned schema migrations, applied in order inside one transaction each and recorded in
 * {@code schema_migrations}. A migration is {@code migration/V<n>.sql}, shared by both engines, unless a
 * dialect-specific {@code migration/<dialect>/V<n>.sql} exists. A dozen lines instead of Flyway: the SQL is
 * portable, and startup stays well under a second.
 */
final class Migrations {

    /**
     * The migrations in order; append, never edit a shipped one. Each is recorded under its own number, and
     * every one not recorded yet is applied: branches number their migrations in separate ranges, so a store
     * may have a later one before an earlier number lands.
     */
    static final List<String> VERSIONS = List.of("V1", "V2", "V3", "V4", "V20", "V30", "V50", "V60", "V61", "V62", "V70",
            "V80", "V81", "V100", "V101", "V102", "V103", "V110", "V120", "V140", "V141", "V170", "V190", "V191",
            "V230", "V250", "V260", "V280");

    private Migrations() {
    }

    static void run(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                // Several nodes may start at once; one migrates, the others wait and then see it done.
                s.execute("SELECT pg_advisory_xact_lock(7316521)");
            }
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    + "applied_at BIGINT NOT NULL)");
        }
        java.util.Set<Integer> applied = appliedVersions(c);
        for (String version : VERSIONS) {
            int number = Integer.parseInt(version.substring(1));
            if (applied.contains(number)) {
                continue;
            }
            String sql = load(dialect, version);
            try (Statement s = c.createStatement()) {
                for (String statement : sql.split(";\\s*(\\n|$)")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")) {
                ps.setInt(1, number);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
        c.commit();
    }

    private static java.util.Set<Integer> appliedVersions(Connection c) throws SQLException {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static String load(Dialect dialect, String version) {
        String specific = "migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "/" + version + ".sql";
        InputStream in = Migrations.class.getResourceAsStream(specific);
        if (in == null) {
            in = Migrations.class.getResourceAsStream("migration/" + version + ".sql");
        }
        if (in == null) {
            throw new StoreException("missing migration " + version);
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + version, e);
        }
    }
}
