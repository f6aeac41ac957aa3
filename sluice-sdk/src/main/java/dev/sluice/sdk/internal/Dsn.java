package dev.sluice.sdk.internal;

import java.net.URI;

/**
 * An Open Sentry DSN {@code <scheme>://<publicKey>@<host>[:port]/<path>}: the user-name is the key, the rest
 * (without password, query, fragment) is the ingest URL.
 */
public record Dsn(String publicKey, String ingestUrl) {

    public static Dsn parse(String dsn) {
        URI u = URI.create(dsn.trim());
        String user = u.getRawUserInfo();
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("Invalid DSN: missing public key");
        }
        String key = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        String port = u.getPort() < 0 ? "" : ":" + u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/v1/ingest" : u.getRawPath();
        return new Dsn(key, u.getScheme() + "://" + u.getHost() + port + path);
    }
}
