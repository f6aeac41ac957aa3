package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.JobGraphQueries;
import dev.sluice.query.JobRunQueries;
import dev.sluice.query.JobRunView;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.query.Page;
import dev.sluice.query.WorkerQueries;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.http.Json;
import dev.sluice.store.JobCommand;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Background-job reads and controls under {@code /api/projects/{p}/jobs/…} (admin token). Every read is of
 * one environment: live by default, {@code ?env=test} for data sent with test keys.
 */
public final class JobApi {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final int MAX_CONTROL_BODY = 16_384;

    private final Store store;
    private final ApiSupport support;
    private final JobRunQueries runs;
    private final WorkerQueries workers;
    private final JobGraphQueries graphs;
    private final JobSettingsQueries settings;
    private final RefreshingCache<ProjectId, JobSettings> cachedSettings;
    private final Clock clock;
    private final Ids ids;

    private JobApi(Store store, RefreshingCache<ProjectId, JobSettings> cachedSettings, Clock clock) {
        this.store = store;
        this.support = new ApiSupport(store);
        this.runs = JobRunQueries.create(store);
        this.workers = WorkerQueries.create(store, clock);
        this.graphs = JobGraphQueries.create(store);
        this.settings = JobSettingsQueries.create(store);
        this.cachedSettings = cachedSettings;
        this.clock = clock;
        this.ids = Ids.create(clock);
    }

    /** Registers the job routes on {@code routing}; a settings change invalidates {@code cachedSettings}. */
    public static void register(HttpRouting.Builder routing, Store store,
                                RefreshingCache<ProjectId, JobSettings> cachedSettings, Clock clock) {
        JobApi api = new JobApi(store, cachedSettings, clock);
        String base = "/api/projects/{project}/jobs";
        routing.get(base + "/runs", api.scoped(api::listRuns))
                .get(base + "/runs/{taskId}", api.scoped(api::getRun))
                .get(base + "/stats", api.scoped(api::stats))
                .get(base + "/workers", api.scoped(api::listWorkers))
                .post(base + "/commands", api.scoped(api::queueCommand))
                .get(base + "/queues", api.scoped(api::queues))
                .get(base + "/lineage/{chainId}", api.scoped(api::lineage))
                .get(base + "/dumps", api.scoped(api::listDumps))
                .get(base + "/dumps/{id}", api.scoped(api::getDump))
                .get(base + "/settings", api.scoped(api::getSettings))
                .put(base + "/settings", api.scoped(api::putSettings));
    }

    @FunctionalInterface
    private interface ScopedHandler {
        void handle(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res);
    }

    /** The REST guard, and the {@code env} parameter (a bad one is a 400 like any bad parameter). */
    private Handler scoped(ScopedHandler handler) {
        return support.scoped((project, req, res) -> handler.handle(project, env(req), req, res));
    }

    private static JobEnv env(ServerRequest req) {
        String env = ApiSupport.query(req, "env").orElse("live");
        return switch (env) {
            case "live" -> JobEnv.LIVE;
            case "test" -> JobEnv.TEST;
            default -> throw new IllegalArgumentException("env must be live or test");
        };
    }

    private void listRuns(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        Page<JobRunView> page = runs.list(project, env, ApiSupport.query(req, "status"), ApiSupport.query(req, "name"),
                ApiSupport.query(req, "cursor"), ApiSupport.limit(req));
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(r -> items.add(JobJson.run(r)));
        Json.send(res, Status.OK_200, ApiSupport.list(items, page.nextCursor()));
    }

    private void getRun(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        String taskId = req.path().pathParameters().get("taskId");
        Optional<JobRunView> run = runs.get(project, env, taskId);
        if (run.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown run");
            return;
        }
        ObjectNode out = JobJson.run(run.get());
        ArrayNode events = out.putArray("events");
        runs.events(project, env, taskId).forEach(e -> events.add(JobJson.event(e)));
        Json.send(res, Status.OK_200, out);
    }

    private void stats(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        TimeRange range = TimeRange.of(req, clock.instant(), Duration.ofHours(24)).ordered();
        ArrayNode rows = Json.MAPPER.createArrayNode();
        runs.stats(project, env, range.from(), range.to()).forEach(s -> rows.add(JobJson.stats(s)));
        Json.send(res, Status.OK_200, range.putInto(ApiSupport.list(rows)));
    }

    private void listWorkers(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        workers.workers(project, env, settings.settings(project)).forEach(w -> items.add(JobJson.worker(w)));
        Json.send(res, Status.OK_200, ApiSupport.list(items));
    }

    /** {@code {"workerKey": "…", "type": "thread_dump"}}: delivered once, on that worker's next heartbeat. */
    private void queueCommand(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        JsonNode body = body(req);
        String worker = body.path("workerKey").asText("");
        String type = body.path("type").asText("thread_dump");
        if (worker.isEmpty() || !type.equals("thread_dump")) {
            throw new IllegalArgumentException("body must be {\"workerKey\": \"…\", \"type\": \"thread_dump\"}");
        }
        JobCommand command = new JobCommand(ids.next(), type);
        store.write(tx -> {
            tx.jobs().queueCommand(project, env, worker, command, clock.millis());
            return null;
        });
        Json.send(res, Status.CREATED_201, Json.object().put("id", command.id()).put("type", command.type())
                .put("workerKey", worker));
    }

    private void queues(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        TimeRange range = TimeRange.of(req, clock.instant().plusMillis(1), Duration.ofHours(1));
        ArrayNode points = Json.MAPPER.createArrayNode();
        graphs.depth(project, env, ApiSupport.query(req, "queue"), range.from(), range.to())
                .forEach(p -> points.add(JobJson.point(p)));
        Json.send(res, Status.OK_200, range.putInto(ApiSupport.list(points)));
    }

    private void lineage(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        String chain = req.path().pathParameters().get("chainId");
        Json.send(res, Status.OK_200, JobJson.graph(graphs.lineage(project, env, chain)));
    }

    private void listDumps(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        workers.dumps(project, env, ApiSupport.query(req, "worker"), ApiSupport.limit(req))
                .forEach(d -> items.add(JobJson.dump(d, false)));
        Json.send(res, Status.OK_200, ApiSupport.list(items));
    }

    private void getDump(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        Optional<WorkerQueries.DumpView> dump = workers.dump(project, env, req.path().pathParameters().get("id"));
        if (dump.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown dump");
            return;
        }
        Json.send(res, Status.OK_200, JobJson.dump(dump.get(), true));
    }

    private void getSettings(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, JobJson.settings(settings.settings(project),
                settings.usage(project, MONTH.format(clock.instant()))));
    }

    /** Partial update: fields left out keep their value; {@code "pauseUntilMs": null} clears the pause end. */
    private void putSettings(ProjectId project, JobEnv env, ServerRequest req, ServerResponse res) {
        JsonNode b = body(req);
        // Read, merge and write in one transaction: a concurrent partial update of other fields is kept.
        JobSettings next = store.write(tx -> tx.jobs().updateSettings(project, old -> merged(old, b), clock.millis()));
        cachedSettings.invalidate(project);
        Json.send(res, Status.OK_200, JobJson.settings(next, settings.usage(project, MONTH.format(clock.instant()))));
    }

    private static JobSettings merged(JobSettings old, JsonNode b) {
        OptionalLong until = old.pauseUntilMs();
        if (b.has("pauseUntilMs")) {
            until = b.get("pauseUntilMs").isNull() ? OptionalLong.empty() : OptionalLong.of(longOf(b, "pauseUntilMs"));
        }
        return new JobSettings(b.has("planTier") ? b.get("planTier").asText() : old.planTier(),
                b.has("monthlyQuota") ? longOf(b, "monthlyQuota") : old.monthlyQuota(),
                b.has("ratePerMinute") ? longOf(b, "ratePerMinute") : old.ratePerMinute(),
                b.has("heartbeatIntervalSeconds") ? longOf(b, "heartbeatIntervalSeconds") : old.heartbeatIntervalSeconds(),
                b.has("staleAfterMissed") ? (int) longOf(b, "staleAfterMissed") : old.staleAfterMissed(),
                b.has("pauseIngest") ? b.get("pauseIngest").asBoolean() : old.pauseIngest(), until);
    }

    private static long longOf(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return v.longValue();
    }

    private static JsonNode body(ServerRequest req) {
        byte[] bytes = BodyReader.read(req, MAX_CONTROL_BODY)
                .orElseThrow(() -> new IllegalArgumentException("body too large"));
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
    }

}
