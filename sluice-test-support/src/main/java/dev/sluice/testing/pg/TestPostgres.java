package dev.sluice.testing.pg;

import java.io.IOException;

/**
 * The PostgreSQL that tests use, as a {@code postgresql://} URL: {@code SLUICE_TEST_PG_URL} when set (CI or a
 * developer may point at their own server), otherwise a private server this JVM starts on first use and stops
 * when it exits (see {@link Cluster}), with role {@code sluice}/{@code sluice} and database {@code sluice_test}
 * as the shared server has. So {@code ./mvnw verify} needs no PostgreSQL set up by hand.
 */
public final class TestPostgres {

    private static String url;

    private TestPostgres() {
    }

    /** The server's URL; starts the private server on the first call when no URL is configured. */
    public static synchronized String url() {
        if (url == null) {
            String env = System.getenv("SLUICE_TEST_PG_URL");
            // An unresolved "${env.…}" comes from a Maven expression when the variable is unset.
            if (env != null && !env.isBlank() && !env.startsWith("${")) {
                url = env;
            } else {
                try {
                    Cluster cluster = Cluster.start();
                    url = "postgresql://sluice:sluice@127.0.0.1:" + cluster.port() + "/sluice_test";
                } catch (IOException e) {
                    throw new IllegalStateException("could not start a PostgreSQL for tests: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return url;
    }

    /** Whether the tests run on the private server this JVM started (not on a configured one). */
    public static boolean isPrivate() {
        return !url().equals(System.getenv("SLUICE_TEST_PG_URL"));
    }
}
