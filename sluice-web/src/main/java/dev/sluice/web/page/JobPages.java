package dev.sluice.web.page;

import dev.sluice.protocol.Ids;
import dev.sluice.protocol.JobEnv;
import dev.sluice.query.ChangeMarks;
import dev.sluice.query.JobGraphQueries;
import dev.sluice.query.JobRunQueries;
import dev.sluice.query.JobRunView;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.query.WorkerQueries;
import dev.sluice.store.JobCommand;
import dev.sluice.web.view.Chart;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /jobs}: runs, per-task statistics, workers (with "request a thread dump"), queue depth over time;
 * a run, a chain's lineage and a dump each on their own page. {@code ?env=test} shows test-key data.
 */
final class JobPages {

    private final Web web;
    private final JobRunQueries runs;
    private final WorkerQueries workers;
    private final JobGraphQueries graphs;
    private final JobSettingsQueries settings;
    private final Ids ids;
    private final ChangeMarks marks;

    JobPages(Web web) {
        this.web = web;
        this.runs = JobRunQueries.create(web.store);
        this.workers = WorkerQueries.create(web.store, web.clock);
        this.graphs = JobGraphQueries.create(web.store);
        this.settings = JobSettingsQueries.create(web.store);
        this.ids = Ids.create(web.clock);
        this.marks = ChangeMarks.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/jobs", web.page("jobs", this::overview))
                .get("/jobs/runs/{taskId}", web.page("jobs", this::run))
                .get("/jobs/lineage/{chainId}", web.page("jobs", this::lineage))
                .get("/jobs/dumps/{id}", web.page("jobs", this::dump))
                .post("/jobs/dump-requests", web.action("jobs", this::requestDump));
    }

    static JobEnv env(Web.Ctx ctx) {
        return ctx.param("env").filter("test"::equals).map(x -> JobEnv.TEST).orElse(JobEnv.LIVE);
    }

    private void overview(Web.Ctx ctx) {
        JobEnv env = env(ctx);
        Instant now = web.clock.instant();
        var project = ctx.project().id();
        // Live refresh of the runs, as on /issues: 204 while the mark (newest job activity + minute) holds.
        String mark = marks.jobs(project, env) + "." + ctx.chrome().nowMillis() / 60_000;
        boolean rowsOnly = ctx.param("fragment").filter("runs"::equals).isPresent();
        if (rowsOnly && ctx.param("mark").filter(mark::equals).isPresent()) {
            ctx.res().status(io.helidon.http.Status.NO_CONTENT_204).send();
            return;
        }
        var page = runs.list(project, env, ctx.param("status"), ctx.param("name"), ctx.param("cursor"), 50);
        if (rowsOnly) {
            web.render(ctx.res(), "jobRunRows.jte", Map.of("chrome", ctx.chrome(), "env", env.id(), "runs", page,
                    "status", ctx.param("status").orElse(""), "name", ctx.param("name").orElse(""),
                    "cursor", ctx.param("cursor").orElse(""), "mark", mark));
            return;
        }
        List<JobGraphQueries.QueuePoint> points = graphs.depth(project, env, ctx.param("queue"),
                now.minus(Duration.ofHours(1)), now.plusMillis(1));
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("chrome", ctx.chrome().titled("Jobs"));
        params.put("env", env.id());
        params.put("runs", page);
        params.put("stats", runs.stats(project, env, now.minus(Duration.ofHours(24)), now.plusMillis(1)));
        params.put("workers", workers.workers(project, env, settings.settings(project)));
        params.put("dumps", workers.dumps(project, env, java.util.Optional.empty(), 10));
        params.put("queues", queueChart(points));
        params.put("status", ctx.param("status").orElse(""));
        params.put("name", ctx.param("name").orElse(""));
        params.put("requested", ctx.param("requested").orElse(""));
        params.put("cursor", ctx.param("cursor").orElse(""));
        params.put("mark", mark);
        web.render(ctx.res(), "jobs.jte", params);
    }

    /** One line per queue; snapshots of different queues arrive at different times, so x is their union. */
    static Chart queueChart(List<JobGraphQueries.QueuePoint> points) {
        TreeSet<Long> times = new TreeSet<>();
        Map<String, Map<Long, Long>> byQueue = new TreeMap<>();
        for (JobGraphQueries.QueuePoint p : points) {
            long sec = p.at() / 1000;
            times.add(sec);
            byQueue.computeIfAbsent(p.queue(), k -> new TreeMap<>()).put(sec, p.depth());
        }
        double[] x = times.stream().mapToDouble(Long::doubleValue).toArray();
        List<double[]> y = new ArrayList<>();
        for (Map<Long, Long> series : byQueue.values()) {
            double[] values = new double[x.length];
            double last = Double.NaN;
            int i = 0;
            for (long t : times) {
                Long v = series.get(t);
                last = v != null ? v : last; // carry the last known depth forward between snapshots
                values[i++] = last;
            }
            y.add(values);
        }
        return Chart.lines("queue-depth", List.copyOf(byQueue.keySet()), x, y);
    }

    private void run(Web.Ctx ctx) {
        JobEnv env = env(ctx);
        String taskId = ctx.path("taskId");
        JobRunView run = runs.get(ctx.project().id(), env, taskId)
                .orElseThrow(() -> new NoSuchElementException("No run " + taskId + "."));
        web.render(ctx.res(), "jobRun.jte", Map.of("chrome", ctx.chrome().titled(run.taskName()), "env", env.id(),
                "run", run, "events", runs.events(ctx.project().id(), env, taskId)));
    }

    private void lineage(Web.Ctx ctx) {
        JobEnv env = env(ctx);
        JobGraphQueries.Graph graph = graphs.lineage(ctx.project().id(), env, ctx.path("chainId"));
        web.render(ctx.res(), "lineage.jte", Map.of("chrome", ctx.chrome().titled("Chain " + graph.chainId()),
                "env", env.id(), "graph", graph));
    }

    private void dump(Web.Ctx ctx) {
        JobEnv env = env(ctx);
        WorkerQueries.DumpView dump = workers.dump(ctx.project().id(), env, ctx.path("id"))
                .orElseThrow(() -> new NoSuchElementException("No such thread dump."));
        web.render(ctx.res(), "dump.jte", Map.of("chrome", ctx.chrome().titled("Thread dump"), "env", env.id(),
                "dump", dump));
    }

    private void requestDump(Web.Ctx ctx) {
        JobEnv env = ctx.field("env").filter("test"::equals).map(x -> JobEnv.TEST).orElse(JobEnv.LIVE);
        String worker = ctx.field("workerKey").orElseThrow(() -> new IllegalArgumentException("Which worker?"));
        JobCommand command = new JobCommand(ids.next(), "thread_dump");
        web.store.write(tx -> {
            tx.jobs().queueCommand(ctx.project().id(), env, worker, command, web.clock.millis());
            return null;
        });
        Web.redirect(ctx, "/jobs?env=" + env.id() + "&requested=" + Web.enc(worker));
    }
}
