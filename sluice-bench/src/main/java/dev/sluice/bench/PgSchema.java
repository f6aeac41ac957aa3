package dev.sluice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL schema in the shared test database, so every benchmark run starts empty and leaves
 * nothing behind ({@link #drop()} removes it with everything in it).
 */
record PgSchema(String name) {

    static final String BASE = "postgresql://sluice:sluice@127.0.0.1:5432/sluice_test";
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/sluice_test";

    static PgSchema create() {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec("CREATE SCHEMA " + name);
        return new PgSchema(name);
    }

    /** The URL the server takes for {@code --db}. */
    String url() {
        return BASE + "?currentSchema=" + name;
    }

    void drop() {
        exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(JDBC, "sluice", "sluice"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + JDBC + ": " + e.getMessage(), e);
        }
    }
}
