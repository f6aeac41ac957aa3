package dev.sluice.server.tracestax;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.store.JobSettings;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The checks before a body is read: the key (Bearer, else {@code X-Api-Key}), then the workspace's request
 * rate. A workspace is a project here, so all SDK instances of a project share one bucket.
 */
final class Gate {

    static final HeaderName X_API_KEY = HeaderNames.create("X-Api-Key");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final KeyRegistry keys;
    private final RateLimiter limiter;
    private final JobSettingsQueries settings;
    private final RefreshingCache<ProjectId, JobSettings> cachedSettings;
    private final Clock clock;

    Gate(KeyRegistry keys, RateLimiter limiter, JobSettingsQueries settings,
         RefreshingCache<ProjectId, JobSettings> cachedSettings, Clock clock) {
        this.keys = keys;
        this.limiter = limiter;
        this.settings = settings;
        this.cachedSettings = cachedSettings;
        this.clock = clock;
    }

    /** An authenticated caller and its project's settings. */
    record Caller(Credential credential, JobEnv env, JobSettings settings) {

        ProjectId project() {
            return credential.project();
        }
    }

    /** The raw key: a non-empty Bearer value, else a non-empty {@code X-Api-Key}. */
    static Optional<String> rawKey(ServerRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7)).map(a -> a.substring(7).trim())
                .filter(s -> !s.isEmpty());
        return bearer.or(() -> req.headers().first(X_API_KEY).map(String::trim).filter(s -> !s.isEmpty()));
    }

    /** Whether the request names a TraceStax key in either header (used by the shared {@code /v1/ingest}). */
    static boolean looksLikeTraceStax(ServerRequest req) {
        return rawKey(req).map(k -> k.startsWith("ts_")).orElse(false);
    }

    Optional<Caller> authenticate(ServerRequest req) {
        Optional<Credential> credential = rawKey(req).flatMap(keys::resolve)
                .filter(c -> c.kind() == KeyKind.TRACESTAX_LIVE || c.kind() == KeyKind.TRACESTAX_TEST);
        return credential.map(c -> new Caller(c,
                c.kind() == KeyKind.TRACESTAX_TEST ? JobEnv.TEST : JobEnv.LIVE, cachedSettings.get(c.project())));
    }

    /**
     * Seconds to wait when the caller is over a limit, else empty: the workspace's own {@code ratePerMinute}
     * (one bucket for all its SDK instances, on every node) in place of the server's per-project limit.
     */
    Optional<Long> rateLimited(Caller caller) {
        RateLimiter.Decision d = limiter.admit(caller.credential(), limiter.defaults().perKey(),
                RateLimiter.Limit.perMinuteOrNone(caller.settings().ratePerMinute()));
        return d instanceof RateLimiter.Limited l ? Optional.of(l.retryAfterSeconds()) : Optional.empty();
    }

    /**
     * Whether the project used up its monthly quota of live task events. Test keys have no quota effects.
     * The count itself is read fresh: a cached one would let a busy workspace overshoot by a cache lifetime.
     */
    boolean overQuota(Caller caller) {
        if (caller.env() == JobEnv.TEST) {
            return false;
        }
        return settings.usage(caller.project(), MONTH.format(clock.instant())) >= caller.settings().monthlyQuota();
    }
}
