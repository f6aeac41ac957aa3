package dev.sluice.server.tracestax;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.Refusal;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.store.JobSettings;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Who a TraceStax request is: the key (Bearer, else {@code X-Api-Key}) as the pipeline resolved it, its
 * environment, and its project's job settings (cached; the settings API invalidates them). A workspace is a
 * project here, so all SDK instances of a project share one rate bucket and one quota (which the digest
 * decides on, inside the commit).
 */
final class Gate {

    static final HeaderName X_API_KEY = HeaderNames.create("X-Api-Key");
    static final Set<KeyKind> KINDS = Set.of(KeyKind.TRACESTAX_LIVE, KeyKind.TRACESTAX_TEST);

    private final JobSettingsQueries settings;
    private final RefreshingCache<ProjectId, JobSettings> cachedSettings;

    Gate(JobSettingsQueries settings, RefreshingCache<ProjectId, JobSettings> cachedSettings) {
        this.settings = settings;
        this.cachedSettings = cachedSettings;
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

    /** Key (401), then the workspace's own {@code ratePerMinute} in place of the server's per-project limit. */
    Caller admit(IngestSteps steps, ServerRequest req) throws Refusal {
        String raw = rawKey(req).orElseThrow(() -> Refusal.of(Refusal.Reason.MISSING_KEY, "missing key"));
        Credential c = steps.authenticate(raw, KINDS);
        Caller caller = new Caller(c, c.kind() == KeyKind.TRACESTAX_TEST ? JobEnv.TEST : JobEnv.LIVE,
                cachedSettings.get(c.project()));
        try {
            steps.limit(c, steps.defaults().perKey(),
                    RateLimiter.Limit.perMinuteOrNone(caller.settings().ratePerMinute()));
        } catch (Refusal r) {
            throw r.reworded("over " + caller.settings().ratePerMinute() + " requests per minute for this workspace");
        }
        return caller;
    }

    /** The project's display name, for the ping. */
    Optional<String> projectName(ProjectId project) {
        return settings.projectName(project);
    }
}
