package dev.sluice.web.session;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions: the browser holds only a random id in an {@code HttpOnly}, {@code SameSite=Strict}
 * cookie ({@code Secure} when the request came over TLS, directly or per {@code X-Forwarded-Proto}). Sessions
 * end after {@link #IDLE} without a request or {@link #ABSOLUTE} after login, whichever comes first.
 */
public final class Sessions {

    /** The session cookie's name. */
    public static final String COOKIE = "sluice_session";
    static final Duration IDLE = Duration.ofHours(12);
    static final Duration ABSOLUTE = Duration.ofDays(7);
    private static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    private Sessions(Clock clock) {
        this.clock = clock;
    }

    /** An empty session table judging expiry by {@code clock}. */
    public static Sessions create(Clock clock) {
        return new Sessions(clock);
    }

    /** A new random token: 32 bytes, base64url. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Starts a session for {@code principal} and sets its cookie on {@code res}. */
    public Session start(String principal, ServerRequest req, ServerResponse res) {
        long now = clock.millis();
        if (byId.size() >= MAX_SESSIONS) {
            sweep(now);
        }
        Session s = new Session(token(), token(), principal, now);
        byId.put(s.id(), s);
        res.headers().add(HeaderNames.SET_COOKIE, Cookies.set(COOKIE, s.id(), Cookies.secure(req), ABSOLUTE));
        return s;
    }

    /** The live session named by the request's cookie. */
    public Optional<Session> find(ServerRequest req) {
        Optional<String> id = Cookies.get(req, COOKIE);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Session s = byId.get(id.get());
        long now = clock.millis();
        if (s == null || !MessageDigest.isEqual(bytes(s.id()), bytes(id.get()))) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byId.remove(s.id());
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /** Ends {@code session} and clears its cookie. */
    public void end(Session session, ServerRequest req, ServerResponse res) {
        byId.remove(session.id());
        res.headers().add(HeaderNames.SET_COOKIE, Cookies.set(COOKIE, "", Cookies.secure(req), Duration.ZERO));
    }

    /** Whether {@code presented} equals the session's CSRF token, in constant time. */
    public static boolean csrfMatches(Session session, Optional<String> presented) {
        return presented.isPresent() && MessageDigest.isEqual(bytes(session.csrf()), bytes(presented.get()));
    }

    private boolean expired(Session s, long now) {
        return now - s.lastSeen() > IDLE.toMillis() || now - s.createdAt() > ABSOLUTE.toMillis();
    }

    private void sweep(long now) {
        byId.values().removeIf(s -> expired(s, now));
        if (byId.size() >= MAX_SESSIONS) {
            // Still full of live sessions: drop the least recently used rather than refuse new logins.
            byId.values().stream().min(java.util.Comparator.comparingLong(Session::lastSeen))
                    .ifPresent(s -> byId.remove(s.id()));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
