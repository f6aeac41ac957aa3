package dev.sluice.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations, applied in order inside one transaction each and recorded in
 * {@code schema_migrations}. A migration is {@code migration/V<n>.sql}, shared by both engines, unless a
 * dialect-specific {@code migration/<dialect>/V<n>.sql} exists. A dozen lines instead of Flyway: the SQL is
 * portable, and startup stays well under a second.
 */
final class Migrations {

    /** The migrations in order; append, never edit a shipped one. */
    static final List<String> VERSIONS = List.of("V1", "V2", "V3", "V4", "V80", "V81");

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
        int applied = currentVersion(c);
        for (int i = applied; i < VERSIONS.size(); i++) {
            String sql = load(dialect, VERSIONS.get(i));
            try (Statement s = c.createStatement()) {
                for (String statement : sql.split(";\\s*(\\n|$)")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")) {
                ps.setInt(1, i + 1);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
        c.commit();
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            rs.next();
            return rs.getInt(1);
        }
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
