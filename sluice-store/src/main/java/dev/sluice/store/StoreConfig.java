package dev.sluice.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the data lives.
 *
 * @param dialect the engine
 * @param jdbcUrl the JDBC URL (for SQLite, of the file in the data directory)
 * @param user the user name for PostgreSQL, empty for SQLite or when the URL carries it
 * @param password the password for PostgreSQL, empty when none
 */
public record StoreConfig(Dialect dialect, String jdbcUrl, String user, String password) {

    public StoreConfig {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The embedded store: {@code sluice.db} inside {@code dataDir}. */
    public static StoreConfig sqlite(Path dataDir) {
        return new StoreConfig(Dialect.SQLITE, "jdbc:sqlite:" + dataDir.resolve("sluice.db").toAbsolutePath(), "", "");
    }

    /**
     * Parses a database URL as given on the command line: {@code postgresql://user:pass@host:port/db?opts},
     * {@code postgres://…}, {@code jdbc:postgresql://…}, {@code jdbc:sqlite:FILE} or {@code sqlite:FILE}.
     *
     * @throws IllegalArgumentException with a message fit for the user when the URL is not understood
     */
    public static StoreConfig parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return new StoreConfig(Dialect.SQLITE, url, "", "");
        }
        if (lower.startsWith("sqlite:")) {
            return new StoreConfig(Dialect.SQLITE, "jdbc:" + url, "", "");
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return new StoreConfig(Dialect.POSTGRESQL, url, "", "");
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("database URL has no host: " + redact(url));
            }
            String user = "";
            String password = "";
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : "";
            }
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new StoreConfig(Dialect.POSTGRESQL, "jdbc:postgresql://" + uri.getHost() + port + path + query,
                    user, password);
        }
        throw new IllegalArgumentException("unsupported database URL (use postgresql://… or sqlite:FILE): "
                + redact(url));
    }

    /** The URL without credentials, for logs and error messages. */
    public static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
