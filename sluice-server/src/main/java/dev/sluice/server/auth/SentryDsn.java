package dev.sluice.server.auth;

/**
 * The Sentry DSN of a project: {@code http://KEY@host:port/N}. The public key is the project's Open Sentry key
 * (ingest-only, safe in web pages) and N is the project's number, which Sentry SDKs put in the path
 * ({@code /api/N/envelope/}).
 */
public final class SentryDsn {

    /** Stands for the raw key where it is not known (only its hash is stored). */
    public static final String KEY_PLACEHOLDER = "os_…";

    private SentryDsn() {
    }

    /** The DSN for {@code baseUrl} ({@code http://host:port}), a raw key and a project number. */
    public static String of(String baseUrl, String key, long projectNumber) {
        return baseUrl.replaceFirst("://", "://" + key + "@") + "/" + projectNumber;
    }
}
