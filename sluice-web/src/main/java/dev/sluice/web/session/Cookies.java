package dev.sluice.web.session;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.Optional;

/** Reading and writing the dashboard's cookies. */
public final class Cookies {

    private Cookies() {
    }

    /** The value of cookie {@code name}, if the request carries it. */
    public static Optional<String> get(ServerRequest req, String name) {
        return req.headers().cookies().first(name).asOptional().filter(v -> !v.isEmpty());
    }

    /** A {@code Set-Cookie} value: host-only, path {@code /}, {@code HttpOnly}, {@code SameSite=Strict}. */
    public static String set(String name, String value, boolean secure, Duration maxAge) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** Whether the browser reached us over TLS, directly or through a proxy that says so. */
    public static boolean secure(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO)
                .map(p -> p.equalsIgnoreCase("https")).orElse(false);
    }
}
