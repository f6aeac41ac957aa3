package dev.sluice.web.session;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.StoredSession;
import dev.sluice.store.AccountRecords.User;
import dev.sluice.store.Accounts;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions kept in the store, so they survive a restart and work on every node sharing one PostgreSQL. The
 * browser holds a random id in an {@code HttpOnly}, {@code SameSite=Strict} cookie ({@code Secure} when the
 * request came over TLS, directly or per {@code X-Forwarded-Proto}); the store holds only its SHA-256, so a
 * leaked database does not log anyone in. The CSRF token is derived from the id the same way, so it needs no
 * column. Sessions end after {@link #IDLE} without a request or {@link #ABSOLUTE} after login, on logout, and
 * (the user's other sessions) on a password change.
 */
public final class Sessions {

    /** The session cookie's name. */
    public static final String COOKIE = "sluice_session";
    static final Duration IDLE = Duration.ofHours(12);
    static final Duration ABSOLUTE = Duration.ofDays(7);
    /** Activity is written at most this often per session: a page view must not always be a write. */
    private static final long TOUCH_EVERY_MS = Duration.ofMinutes(1).toMillis();
    private static final long SWEEP_EVERY_MS = Duration.ofHours(1).toMillis();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Accounts accounts;
    private final Clock clock;
    private final AtomicLong lastSweep = new AtomicLong();

    private Sessions(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Sessions stored in {@code accounts}, judging expiry by {@code clock}. */
    public static Sessions create(Accounts accounts, Clock clock) {
        return new Sessions(Objects.requireNonNull(accounts), clock);
    }

    /** A new random token: 32 bytes, base64url. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of {@code token}, lowercase hex: how session ids and invite tokens are stored. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a session for the admin-token login and sets its cookie. */
    public Session startAdmin(ServerRequest req, ServerResponse res) {
        return start(Optional.empty(), "admin", req, res);
    }

    /** Starts a session for {@code user} and sets its cookie. */
    public Session start(User user, ServerRequest req, ServerResponse res) {
        return start(Optional.of(user.id()), user.email(), req, res);
    }

    private Session start(Optional<String> userId, String principal, ServerRequest req, ServerResponse res) {
        long now = clock.millis();
        sweep(now);
        String id = token();
        accounts.createSession(new StoredSession(hash(id), userId, principal, Optional.empty(), now, now));
        res.headers().add(HeaderNames.SET_COOKIE, Cookies.set(COOKIE, id, Cookies.secure(req), ABSOLUTE));
        return find(id, now).orElseThrow();
    }

    /** The live session named by the request's cookie, with the user's current role and memberships. */
    public Optional<Session> find(ServerRequest req) {
        return Cookies.get(req, COOKIE).filter(id -> id.length() <= 64).flatMap(id -> find(id, clock.millis()));
    }

    private Optional<Session> find(String id, long now) {
        // Looked up by hash: an index seek on a value the attacker cannot steer, so no timing oracle.
        String idHash = hash(id);
        Optional<StoredSession> stored = accounts.findSession(idHash);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoredSession s = stored.get();
        if (now - s.lastSeen() > IDLE.toMillis() || now - s.createdAt() > ABSOLUTE.toMillis()) {
            accounts.deleteSession(idHash);
            return Optional.empty();
        }
        Role role = Role.ADMIN;
        Set<ProjectId> memberships = Set.of();
        if (s.userId().isPresent()) {
            Optional<User> user = accounts.findUser(s.userId().get()).filter(User::active);
            if (user.isEmpty()) {
                accounts.deleteSession(idHash);
                return Optional.empty();
            }
            role = user.get().role();
            memberships = role == Role.ADMIN ? Set.of() : accounts.memberships(user.get().id());
        }
        if (now - s.lastSeen() >= TOUCH_EVERY_MS) {
            accounts.touchSession(idHash, now, s.project());
        }
        return Optional.of(new Session(idHash, hash("csrf\0" + id), s.userId(), s.principal(), role, memberships,
                s.project()));
    }

    /** Remembers the project chosen in {@code session} (written only when it changed). */
    public void choose(Session session, String project) {
        if (!session.project().equals(Optional.of(project))) {
            session.project(project);
            accounts.touchSession(session.idHash(), clock.millis(), Optional.of(project));
        }
    }

    /** Ends {@code session} and clears its cookie. */
    public void end(Session session, ServerRequest req, ServerResponse res) {
        accounts.deleteSession(session.idHash());
        res.headers().add(HeaderNames.SET_COOKIE, Cookies.set(COOKIE, "", Cookies.secure(req), Duration.ZERO));
    }

    /** Ends every other session of the session's user (after a password change); answers how many. */
    public int endOthers(Session session) {
        return session.userId().map(u -> accounts.deleteSessionsOfUser(u, Optional.of(session.idHash()))).orElse(0);
    }

    /** Whether {@code presented} equals the session's CSRF token, in constant time. */
    public static boolean csrfMatches(Session session, Optional<String> presented) {
        return presented.isPresent() && MessageDigest.isEqual(bytes(session.csrf()), bytes(presented.get()));
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_MS && lastSweep.compareAndSet(last, now)) {
            accounts.deleteExpiredSessions(now - IDLE.toMillis(), now - ABSOLUTE.toMillis());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
