package dev.sluice.store;

import dev.sluice.testing.pg.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Real databases for tests: a SQLite file in a temp directory, or a fresh schema in a real PostgreSQL
 * ({@code SLUICE_TEST_PG_URL} when set, else a private server the test JVM starts itself: {@link TestPostgres}).
 * PostgreSQL tests fail rather than skip when it is unreachable.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** The PostgreSQL URL tests use, in the {@code postgresql://} form the CLI takes. */
    public static String postgresUrl() {
        return TestPostgres.url();
    }

    /** A SQLite store config in {@code dir}. */
    public static StoreConfig sqlite(Path dir) {
        return StoreConfig.sqlite(dir);
    }

    /** A PostgreSQL store config on a new, empty schema of the test database. */
    public static StoreConfig postgres() {
        StoreConfig base = StoreConfig.parse(postgresUrl());
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Properties props = new Properties();
        if (!base.user().isEmpty()) {
            props.setProperty("user", base.user());
            props.setProperty("password", base.password());
        }
        try (Connection c = DriverManager.getConnection(base.jdbcUrl(), props); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is not reachable at "
                    + StoreConfig.redact(postgresUrl()) + " (unset SLUICE_TEST_PG_URL to let the tests start their own): " + e.getMessage(), e);
        }
        String sep = base.jdbcUrl().contains("?") ? "&" : "?";
        return new StoreConfig(Dialect.POSTGRESQL, base.jdbcUrl() + sep + "currentSchema=" + schema, base.user(),
                base.password());
    }

    /** The same database as a {@code --db} URL the server accepts. */
    public static String asDbUrl(StoreConfig config) {
        if (config.dialect() == Dialect.SQLITE) {
            return config.jdbcUrl();
        }
        String url = config.jdbcUrl();
        String creds = config.user().isEmpty() ? "" : (url.contains("?") ? "&" : "?") + "user=" + config.user()
                + "&password=" + config.password();
        return url + creds;
    }
}
