package dev.sluice.server.sentry;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Sentry SDKs put the public key: the {@code X-Sentry-Auth} header (or {@code Authorization} with the same
 * {@code Sentry sentry_key=…} syntax), the {@code sentry_key} query parameter (browsers, which cannot set
 * headers on beacons), or the envelope header's {@code dsn}. First found wins, in that order.
 */
final class SentryAuth {

    static final HeaderName X_SENTRY_AUTH = HeaderNames.create("X-Sentry-Auth");
    private static final Pattern KEY = Pattern.compile("(?:^|[\\s,])sentry_key\\s*=\\s*([^,\\s]+)");

    private SentryAuth() {
    }

    static Optional<String> fromRequest(ServerRequest req) {
        for (HeaderName name : List.of(X_SENTRY_AUTH, HeaderNames.AUTHORIZATION)) {
            Optional<String> key = req.headers().first(name).flatMap(SentryAuth::fromAuthHeader);
            if (key.isPresent()) {
                return key;
            }
        }
        return req.query().all("sentry_key", List::of).stream().filter(s -> !s.isEmpty()).findFirst();
    }

    /** {@code Sentry sentry_version=7, sentry_key=KEY, …} → KEY. */
    static Optional<String> fromAuthHeader(String value) {
        String v = value.trim();
        if (v.regionMatches(true, 0, "Sentry ", 0, 7)) {
            v = v.substring(7);
        }
        Matcher m = KEY.matcher(v);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code http://KEY[:SECRET]@host/N} → KEY. */
    static Optional<String> fromDsn(String dsn) {
        try {
            String userInfo = URI.create(dsn.trim()).getRawUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return Optional.empty();
            }
            int colon = userInfo.indexOf(':');
            return Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon)).filter(s -> !s.isEmpty());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
