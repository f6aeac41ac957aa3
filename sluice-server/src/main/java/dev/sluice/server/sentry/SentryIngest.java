package dev.sluice.server.sentry;

import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.ClientReportItem;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.SentryDsn;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.http.Cors;
import dev.sluice.server.http.Json;
import dev.sluice.server.ingest.IngestPipeline;
import dev.sluice.server.ingest.ProtocolAdapter;
import dev.sluice.server.ingest.Refusal;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The Sentry ingest protocol for the official SDKs: {@code POST /api/{project_id}/envelope/} and the legacy
 * {@code /api/{project_id}/store/}. The project's Open Sentry key is its DSN public key, and the DSN's
 * project id is the project's number. Answers: 200 {@code {"id"}}; errors as {@code {"detail"}} with
 * {@code X-Sentry-Error}; 429 with {@code Retry-After} and {@code X-Sentry-Rate-Limits}.
 */
public final class SentryIngest implements ProtocolAdapter<SentryRequest> {

    /** Sentry's limits for one envelope: 20 MB on the wire, 100 MB decompressed. */
    static final int MAX_COMPRESSED = 20 * 1024 * 1024;
    static final int MAX_DECOMPRESSED = 100 * 1024 * 1024;
    static final HeaderName X_SENTRY_ERROR = HeaderNames.create("X-Sentry-Error");
    static final HeaderName X_SENTRY_RATE_LIMITS = HeaderNames.create("X-Sentry-Rate-Limits");
    /** How long an SDK should hold back attachments after one went over quota. */
    static final long QUOTA_RETRY_SECONDS = 60;
    static final String CORS_HEADERS = "Content-Type, Content-Encoding, X-Sentry-Auth, Authorization, sentry-trace, baggage";
    private static final String EXPOSE = "X-Sentry-Error, X-Sentry-Rate-Limits, Retry-After";

    private final boolean legacyStore;
    private final RefreshingCache<ProjectId, Long> projectNumbers;
    private final Metrics metrics;

    private SentryIngest(boolean legacyStore, RefreshingCache<ProjectId, Long> projectNumbers, Metrics metrics) {
        this.legacyStore = legacyStore;
        this.projectNumbers = projectNumbers;
        this.metrics = metrics;
    }

    /** Registers the envelope and store routes (with and without the trailing slash) and their preflights. */
    public static void register(HttpRouting.Builder routing, IngestPipeline pipeline, Store store, Metrics metrics,
                                Clock clock) {
        // A project's number never changes; the cache only has to learn new projects.
        RefreshingCache<ProjectId, Long> numbers = RefreshingCache.<ProjectId, Long>builder("project-numbers",
                id -> store.listProjects().stream().filter(p -> p.id().equals(id)).map(Project::number)
                        .findFirst().orElse(-1L)).build();
        SentryIngest envelope = new SentryIngest(false, numbers, metrics);
        SentryIngest legacy = new SentryIngest(true, numbers, metrics);
        for (String suffix : new String[] {"/", ""}) {
            routing.post("/api/{project_id}/envelope" + suffix, (req, res) -> pipeline.handle(req, res, envelope))
                    .post("/api/{project_id}/store" + suffix, (req, res) -> pipeline.handle(req, res, legacy))
                    .options("/api/{project_id}/envelope" + suffix, (req, res) -> Cors.preflight(req, res, CORS_HEADERS))
                    .options("/api/{project_id}/store" + suffix, (req, res) -> Cors.preflight(req, res, CORS_HEADERS));
        }
    }

    /** The DSN the Sentry SDKs take for a project: {@code http://KEY@host:port/NUMBER}. */
    public static String dsn(String baseUrl, String key, long projectNumber) {
        return SentryDsn.of(baseUrl, key, projectNumber);
    }

    @Override
    public String protocol() {
        return "sentry";
    }

    @Override
    public int maxBodyBytes() {
        return MAX_COMPRESSED;
    }

    @Override
    public int maxDecodedBytes() {
        return MAX_DECOMPRESSED;
    }

    @Override
    public Set<KeyKind> kinds() {
        return Set.of(KeyKind.OPENSENTRY);
    }

    @Override
    public Optional<String> credential(ServerRequest req, byte[] body) {
        Optional<String> key = SentryAuth.fromRequest(req);
        if (key.isPresent() || legacyStore) {
            return key;
        }
        try {
            return Envelope.parse(body).dsn().flatMap(SentryAuth::fromDsn);
        } catch (Envelope.Invalid e) {
            return Optional.empty();
        }
    }

    @Override
    public SentryRequest decode(ServerRequest req, byte[] body, Credential credential) throws Refusal {
        String pathProject = req.path().pathParameters().first("project_id").orElse("");
        if (!pathProject.equals(Long.toString(projectNumbers.get(credential.project())))) {
            throw Refusal.of(Refusal.Reason.INVALID_KEY, "the key does not belong to project " + pathProject);
        }
        return legacyStore ? SentryDecoder.store(body) : SentryDecoder.envelope(body);
    }

    @Override
    public void accepted(ServerRequest req, ServerResponse res, SentryRequest admitted, IngestBatch batch,
                         BatchOutcome outcome) {
        admitted.ignored().forEach((type, n) -> Counter.builder("sluice.sentry.items.ignored").tag("type", type)
                .register(metrics.registry()).increment(n));
        for (int i = 0; i < batch.items().size(); i++) {
            // Counted as stored: a resent envelope's report (a duplicate outcome) is not counted twice.
            if (batch.items().get(i) instanceof ClientReportItem r && outcome.items().get(i) == ItemOutcome.STORED) {
                Counter.builder("sluice.sentry.client.discarded").tag("reason", r.reason())
                        .tag("category", r.category()).register(metrics.registry()).increment(r.quantity());
            }
        }
        quotaDrops(res, batch, outcome);
        cors(res);
        Json.send(res, Status.OK_200, Json.object().put("id", admitted.eventId().orElse(batch.requestId())));
    }

    /**
     * Attachments the digest dropped over their project's quota (a 429 outcome; the rest of the envelope is
     * stored): named in {@code X-Sentry-Rate-Limits} for category {@code attachment}, scope {@code project},
     * as Sentry's Relay does, so the SDK stops sending them for a while, and counted in metrics.
     */
    private void quotaDrops(ServerResponse res, IngestBatch batch, BatchOutcome outcome) {
        long items = 0;
        long bytes = 0;
        for (int i = 0; i < outcome.items().size(); i++) {
            if (outcome.items().get(i) instanceof ItemOutcome.Rejected r && r.status() == 429
                    && batch.items().get(i) instanceof AttachmentItem a) {
                items++;
                bytes += a.data().length;
            }
        }
        if (items == 0) {
            return;
        }
        Counter.builder("sluice.sentry.attachments.dropped").tag("reason", "quota").register(metrics.registry())
                .increment(items);
        Counter.builder("sluice.sentry.attachments.dropped.bytes").tag("reason", "quota")
                .register(metrics.registry()).increment(bytes);
        String limit = QUOTA_RETRY_SECONDS + ":attachment:project:attachment_quota";
        res.header(X_SENTRY_RATE_LIMITS, res.headers().first(X_SENTRY_RATE_LIMITS).map(v -> v + ", " + limit)
                .orElse(limit));
    }

    /**
     * On a 200, categories with at most {@link dev.sluice.server.ingest.IngestSteps#NEAR_LIMIT_PERCENT} % of their allowance left are
     * named in {@code X-Sentry-Rate-Limits} until their bucket refills, so SDKs pause them instead of running
     * into 429s (what Sentry's Relay does for categories it is limiting).
     */
    @Override
    public void nearLimit(ServerResponse res, java.util.List<String> categories, long resetSeconds) {
        res.header(X_SENTRY_RATE_LIMITS, resetSeconds + ":" + String.join(";", categories) + ":key");
    }

    @Override
    public void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
        cors(res);
        if (refusal.reason() == Refusal.Reason.RATE_LIMITED) {
            res.header(X_SENTRY_RATE_LIMITS, refusal.retryAfterSeconds() + ":"
                    + String.join(";", refusal.categories()) + ":key");
        }
        res.header(X_SENTRY_ERROR, refusal.getMessage());
        Json.send(res, Status.create(refusal.reason().status()), Json.object().put("detail", refusal.getMessage()));
    }

    private static void cors(ServerResponse res) {
        Cors.allowOrigin(res);
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
    }
}
